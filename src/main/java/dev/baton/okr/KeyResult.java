package dev.baton.okr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A measurable result of an objective. Its own aggregate: check-ins change it weekly while the objective rarely
 * changes. Targets may go down (churn from 10% to 5%): progress is measured along start → target either way.
 */
@Table("key_result")
public class KeyResult {

    @Id
    private Long id;
    /** Its number in its workspace: the 3 of KR-3 (given by RefNumbers). */
    private Long number;
    private final long objectiveId;
    private long ownerId;
    private String title;
    private BigDecimal startValue;
    private BigDecimal targetValue;
    private BigDecimal currentValue;
    private String unit;
    private int confidence;
    private Instant lastCheckinAt;
    /** Null for key results made before Baton recorded it. */
    private final Instant createdAt;
    /** The measure it takes its value from ({@link Measure#key()}), or null when people check it in by hand. */
    private String measure;
    /** The measure's filter as {@code name=value}, or null. */
    private String measureFilter;
    private Instant measuredAt;
    @Version
    private Integer version;

    @PersistenceCreator
    KeyResult(Long id, long objectiveId, long ownerId, String title, BigDecimal startValue, BigDecimal targetValue,
            BigDecimal currentValue, String unit, int confidence, Instant lastCheckinAt, Instant createdAt,
            String measure, String measureFilter, Instant measuredAt, Integer version) {
        this.measure = measure;
        this.measureFilter = measureFilter;
        this.measuredAt = measuredAt;
        this.id = id;
        this.objectiveId = objectiveId;
        this.ownerId = ownerId;
        this.title = title;
        this.startValue = startValue;
        this.targetValue = targetValue;
        this.currentValue = currentValue;
        this.unit = unit;
        this.confidence = confidence;
        this.lastCheckinAt = lastCheckinAt;
        this.createdAt = createdAt;
        this.version = version;
    }

    static final int INITIAL_CONFIDENCE = 5;

    static KeyResult create(long objectiveId, long ownerId, String title, BigDecimal start, BigDecimal target,
            String unit, Instant now) {
        return new KeyResult(null, objectiveId, ownerId, title, start, target, start, unit, INITIAL_CONFIDENCE, null,
                now, null, null, null, null);
    }

    /** Takes its value from {@code measure} from now on ({@code filter}: {@code name=value}, or null). */
    void measureBy(String measureKey, String filter) {
        this.measure = measureKey;
        this.measureFilter = filter;
    }

    /**
     * The measure's newest value; the check-in to store (marked automatic) when it changed. Not the owner's weekly
     * check-in: that still asks for their confidence and notes.
     */
    java.util.Optional<CheckIn> measured(BigDecimal value, Instant at) {
        this.measuredAt = at;
        if (currentValue.compareTo(value) == 0) {
            return java.util.Optional.empty();
        }
        CheckIn c = CheckIn.measured(id, ownerId, currentValue, value, confidence, at);
        this.currentValue = value;
        return java.util.Optional.of(c);
    }

    public java.util.Optional<String> measure() {
        return java.util.Optional.ofNullable(measure);
    }

    public java.util.Optional<String> measureFilter() {
        return java.util.Optional.ofNullable(measureFilter);
    }

    public Instant measuredAt() {
        return measuredAt;
    }

    /** Made after {@code at}? (Unknown for key results older than the record of it: no.) */
    boolean createdAfter(Instant at) {
        return createdAt != null && createdAt.isAfter(at);
    }

    /** Records a new value; returns the check-in to store. {@code confidence} null keeps the current one. */
    CheckIn checkIn(long memberId, BigDecimal value, Integer newConfidence, String note, String blocker, Instant at) {
        CheckIn checkIn = CheckIn.record(id, memberId, currentValue, value,
                newConfidence == null ? confidence : newConfidence, note, blocker, at);
        this.currentValue = value;
        this.confidence = checkIn.confidence();
        this.lastCheckinAt = at;
        return checkIn;
    }

    /** Share of the way from start to target, 0 at start, 100 at target; may exceed 100 or drop below 0. */
    public int progressPercent() {
        BigDecimal span = targetValue.subtract(startValue);
        if (span.signum() == 0) {
            return 100;
        }
        return currentValue.subtract(startValue).multiply(BigDecimal.valueOf(100))
                .divide(span, 0, RoundingMode.HALF_UP).intValue();
    }

    public long id() {
        return id;
    }

    public String ref() {
        return "KR-" + number;
    }

    public long objectiveId() {
        return objectiveId;
    }

    public long ownerId() {
        return ownerId;
    }

    public String title() {
        return title;
    }

    public BigDecimal startValue() {
        return startValue;
    }

    public BigDecimal targetValue() {
        return targetValue;
    }

    /** The check-in just taken is written ({@link KeyResults#writeCheckIn}): the row's version moved on by one. */
    void checkInWritten() {
        version = version + 1;
    }

    int version() {
        return version;
    }

    public BigDecimal currentValue() {
        return currentValue;
    }

    public String unit() {
        return unit;
    }

    public int confidence() {
        return confidence;
    }

    public Instant lastCheckinAt() {
        return lastCheckinAt;
    }
}
