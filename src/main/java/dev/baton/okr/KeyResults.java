package dev.baton.okr;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

public interface KeyResults extends CrudRepository<KeyResult, Long> {

    // written out: derived queries are built anew on every call, and these run on every check-in and report
    @Query("SELECT * FROM key_result WHERE objective_id = :objectiveId ORDER BY id")
    List<KeyResult> findByObjectiveIdOrderById(long objectiveId);

    @Query("SELECT * FROM key_result WHERE owner_id = :ownerId ORDER BY id")
    List<KeyResult> findByOwnerIdOrderById(long ownerId);

    /** Read to be changed: concurrent check-ins on one key result wait for each other instead of conflicting. */
    @Query("SELECT * FROM key_result WHERE id = :id FOR UPDATE")
    Optional<KeyResult> findForUpdate(long id);
}
