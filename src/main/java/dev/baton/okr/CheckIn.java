package dev.baton.okr;

import java.math.BigDecimal;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** One weekly update of a key result: the value, the owner's confidence, a note and an optional blocker. */
@Table("check_in")
public class CheckIn {

    @Id
    private Long id;
    private final long keyResultId;
    private final long memberId;
    private final BigDecimal previousValue;
    private final BigDecimal value;
    private final int confidence;
    private final String note;
    private final String blocker;
    private final Instant createdAt;
    /** Written by the key result's measure, not by a person. */
    private final boolean automatic;
    @Version
    private Integer version;

    @PersistenceCreator
    CheckIn(Long id, long keyResultId, long memberId, BigDecimal previousValue, BigDecimal value, int confidence,
            String note, String blocker, Instant createdAt, boolean automatic, Integer version) {
        this.automatic = automatic;
        this.id = id;
        this.keyResultId = keyResultId;
        this.memberId = memberId;
        this.previousValue = previousValue;
        this.value = value;
        this.confidence = confidence;
        this.note = note;
        this.blocker = blocker;
        this.createdAt = createdAt;
        this.version = version;
    }

    static CheckIn record(long keyResultId, long memberId, BigDecimal previous, BigDecimal value, int confidence,
            String note, String blocker, Instant at) {
        return new CheckIn(null, keyResultId, memberId, previous, value, confidence, note, blocker, at, false, null);
    }

    static CheckIn measured(long keyResultId, long ownerId, BigDecimal previous, BigDecimal value, int confidence,
            Instant at) {
        return new CheckIn(null, keyResultId, ownerId, previous, value, confidence, null, null, at, true, null);
    }

    public boolean automatic() {
        return automatic;
    }

    public long keyResultId() {
        return keyResultId;
    }

    public long memberId() {
        return memberId;
    }

    public BigDecimal previousValue() {
        return previousValue;
    }

    public BigDecimal value() {
        return value;
    }

    public int confidence() {
        return confidence;
    }

    public String note() {
        return note;
    }

    public String blocker() {
        return blocker;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
