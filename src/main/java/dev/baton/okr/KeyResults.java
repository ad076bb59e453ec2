package dev.baton.okr;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

public interface KeyResults extends CrudRepository<KeyResult, Long> {

    // written out: derived queries are built anew on every call, and these run on every check-in and report
    @Query("SELECT * FROM key_result WHERE objective_id = :objectiveId ORDER BY id")
    List<KeyResult> findByObjectiveIdOrderById(long objectiveId);

    @Query("SELECT * FROM key_result WHERE owner_id = :ownerId ORDER BY id")
    List<KeyResult> findByOwnerIdOrderById(long ownerId);
}
