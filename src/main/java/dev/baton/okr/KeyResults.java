package dev.baton.okr;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

public interface KeyResults extends CrudRepository<KeyResult, Long> {

    List<KeyResult> findByObjectiveIdOrderById(long objectiveId);

    /** Locked until the transaction ends: check-ins on one key result take turns instead of conflicting. */
    @Query("SELECT * FROM key_result WHERE id = :id FOR UPDATE")
    Optional<KeyResult> findByIdForUpdate(long id);

    List<KeyResult> findByOwnerIdOrderById(long ownerId);
}
