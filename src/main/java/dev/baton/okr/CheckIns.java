package dev.baton.okr;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

public interface CheckIns extends CrudRepository<CheckIn, Long> {

    /** Newest last; ids grow with time and, unlike timestamps, never tie. */
    List<CheckIn> findByKeyResultIdOrderById(long keyResultId);

    /** Of several key results at once, newest last. */
    default List<CheckIn> findByKeyResultIdIn(Collection<Long> keyResultIds) {
        return keyResultIds.isEmpty() ? List.of() : findAllOfKeyResults(keyResultIds);
    }

    @Query("SELECT * FROM check_in WHERE key_result_id IN (:keyResultIds) ORDER BY id")
    List<CheckIn> findAllOfKeyResults(Collection<Long> keyResultIds);

    /**
     * A new check-in, inserted by one written-out statement: a save rendered its insert anew and bound it property by
     * property, a tenth of a typed check-in's CPU (bench/run; issue #29's check-in floor). Texts are held to their
     * columns by the caller (FieldLimits), as a save would have. Reads stay the repository's.
     */
    @Modifying
    @Query("""
            INSERT INTO check_in (key_result_id, member_id, previous_value, value, confidence, note, blocker,
                created_at, version)
            VALUES (:keyResultId, :memberId, :previousValue, :value, :confidence, :note, :blocker, :createdAt, 0)""")
    void insert(long keyResultId, long memberId, BigDecimal previousValue, BigDecimal value, int confidence,
            String note, String blocker, Instant createdAt);
}
