package dev.baton.okr;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

public interface KeyResults extends CrudRepository<KeyResult, Long> {

    // written out: Spring Data JDBC renders a derived query's SQL anew on every call; these run on every check-in
    @Query("SELECT * FROM key_result WHERE objective_id = :objectiveId ORDER BY id")
    List<KeyResult> findByObjectiveIdOrderById(long objectiveId);

    /**
     * The key result of a workspace, locked until the transaction ends: check-ins on one key result take turns
     * instead of conflicting. The objective is only read (a locking read does not lock what its subqueries read), so
     * check-ins on other key results of the objective, and changes to the objective, do not wait.
     */
    @Query("""
            SELECT * FROM key_result kr WHERE kr.number = :number
            AND EXISTS (SELECT 1 FROM objective o WHERE o.id = kr.objective_id AND o.workspace = :workspace)
            FOR UPDATE""")
    Optional<KeyResult> findInWorkspaceForUpdate(long number, String workspace);

    /** The key result people name by its reference in {@code workspace} (see RefNumbers). */
    @Query("""
            SELECT kr.* FROM key_result kr JOIN objective o ON o.id = kr.objective_id
            WHERE kr.number = :number AND o.workspace = :workspace""")
    Optional<KeyResult> findInWorkspace(long number, String workspace);

    /** Someone's key results whose objective's period is one of {@code periods}, in the order they were made. */
    @Query("""
            SELECT kr.* FROM key_result kr JOIN objective o ON o.id = kr.objective_id
            WHERE kr.owner_id = :ownerId AND o.period IN (:periods) ORDER BY kr.id""")
    List<KeyResult> findByOwnerIdInPeriods(long ownerId, Collection<String> periods);

    @Query("SELECT * FROM key_result WHERE owner_id = :ownerId ORDER BY id")
    List<KeyResult> findByOwnerIdOrderById(long ownerId);
}
