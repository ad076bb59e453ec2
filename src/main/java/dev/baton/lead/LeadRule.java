package dev.baton.lead;

import java.util.Locale;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.relational.core.mapping.Table;

/** One routing rule: if the lead's field matches, it goes to a member or a pool with this acceptance SLA. */
@Table("lead_rule")
public class LeadRule {

    /** What a rule looks at; {@code INTENT} matches an intent score at or above the value, {@code ANY} everything. */
    enum Field { REGION, PRODUCT, TAG, SOURCE, INTENT, ANY }

    @Id
    private Long id;
    private final String workspace;
    private int position;
    private final Field field;
    private final String matchValue;
    private final Long memberId;
    private final Long poolId;
    private final int slaMinutes;

    @PersistenceCreator
    LeadRule(Long id, String workspace, int position, Field field, String matchValue, Long memberId, Long poolId,
            int slaMinutes) {
        this.id = id;
        this.workspace = workspace;
        this.position = position;
        this.field = field;
        this.matchValue = matchValue;
        this.memberId = memberId;
        this.poolId = poolId;
        this.slaMinutes = slaMinutes;
    }

    static LeadRule of(String workspace, int position, Field field, String value, Long memberId, Long poolId,
            int slaMinutes) {
        return new LeadRule(null, workspace, position, field, value.toLowerCase(Locale.ROOT), memberId, poolId,
                slaMinutes);
    }

    boolean matches(Lead lead) {
        return switch (field) {
            case ANY -> true;
            case REGION -> matchValue.equalsIgnoreCase(lead.region() == null ? "" : lead.region());
            case PRODUCT -> matchValue.equalsIgnoreCase(lead.product() == null ? "" : lead.product());
            case SOURCE -> matchValue.equalsIgnoreCase(lead.source());
            case TAG -> lead.tags().stream().anyMatch(matchValue::equalsIgnoreCase);
            case INTENT -> lead.intent() >= Integer.parseInt(matchValue);
        };
    }

    void moveTo(int position) {
        this.position = position;
    }

    public long id() {
        return id;
    }

    int position() {
        return position;
    }

    Field field() {
        return field;
    }

    String matchValue() {
        return matchValue;
    }

    Long memberId() {
        return memberId;
    }

    Long poolId() {
        return poolId;
    }

    int slaMinutes() {
        return slaMinutes;
    }
}
