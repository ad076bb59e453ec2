package dev.baton.okr;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

public interface KeyResults extends CrudRepository<KeyResult, Long> {

    // written out: Spring Data JDBC renders a derived query's SQL anew on every call; these run on every check-in
    @Query("SELECT * FROM key_result WHERE objective_id = :objectiveId ORDER BY id")
    List<KeyResult> findByObjectiveIdOrderById(long objectiveId);

    /** Of several objectives at once, in the order they were made. */
    default List<KeyResult> findByObjectiveIdIn(Collection<Long> objectiveIds) {
        return objectiveIds.isEmpty() ? List.of() : findAllOfObjectives(objectiveIds);
    }

    @Query("SELECT * FROM key_result WHERE objective_id IN (:objectiveIds) ORDER BY id")
    List<KeyResult> findAllOfObjectives(Collection<Long> objectiveIds);

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

    /**
     * {@link #findByOwnerIdInPeriods}, locked until the transaction ends, the objective only read: a check-in reads the
     * member's own key results once, the one checked in on among them, and tells what is still open from the same rows.
     */
    @Query("""
            SELECT * FROM key_result kr WHERE kr.owner_id = :ownerId
            AND EXISTS (SELECT 1 FROM objective o WHERE o.id = kr.objective_id AND o.period IN (:periods))
            ORDER BY kr.id FOR UPDATE""")
    List<KeyResult> findByOwnerIdInPeriodsForUpdate(long ownerId, Collection<String> periods);

    /** By id (a form's or a dialog's choice), in {@code workspace}, locked as {@link #findInWorkspaceForUpdate}. */
    @Query("""
            SELECT * FROM key_result kr WHERE kr.id = :id
            AND EXISTS (SELECT 1 FROM objective o WHERE o.id = kr.objective_id AND o.workspace = :workspace)
            FOR UPDATE""")
    Optional<KeyResult> findByIdInWorkspaceForUpdate(long id, String workspace);

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

    /**
     * {@link #findByOwnerIdInPeriods} less those checked in at or after {@code since}: what is still to check in.
     * Filtered here rather than after reading them all, because every check-in's answer asks it (bench/run).
     */
    @Query("""
            SELECT kr.* FROM key_result kr JOIN objective o ON o.id = kr.objective_id
            WHERE kr.owner_id = :ownerId AND o.period IN (:periods)
            AND (kr.last_checkin_at IS NULL OR kr.last_checkin_at < :since) ORDER BY kr.id""")
    List<KeyResult> findByOwnerIdInPeriodsNotCheckedInSince(long ownerId, Collection<String> periods, Instant since);

    /** The key results of a workspace that take their value from a measure. */
    @Query("""
            SELECT kr.* FROM key_result kr JOIN objective o ON o.id = kr.objective_id
            WHERE o.workspace = :workspace AND kr.measure IS NOT NULL ORDER BY kr.id""")
    List<KeyResult> findMeasuredInWorkspace(String workspace);

    @Query("SELECT * FROM key_result WHERE owner_id = :ownerId ORDER BY id")
    List<KeyResult> findByOwnerIdOrderById(long ownerId);

    /**
     * What a check-in changes in its key result (value, confidence, when), written as one statement: saving the whole
     * key result rendered and bound every column, a tenth of a typed check-in's CPU (bench/run; written by hand because
     * issue #29's check-in floor is missed). The key result was read locked, so {@code version} is the row's; 0 rows
     * changed means it was not.
     */
    @Modifying
    @Query("""
            UPDATE key_result SET current_value = :value, confidence = :confidence, last_checkin_at = :at,
                version = version + 1
            WHERE id = :id AND version = :version""")
    int writeCheckIn(long id, BigDecimal value, int confidence, Instant at, int version);
}
