package dev.baton.lead;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The history of each lead: who did what and when. Append-only. */
@Repository
class LeadEvents {

    record Event(Instant at, Long actorId, String kind, Lead.Status status, Long assigneeId, String note) {
    }

    private final JdbcClient jdbc;

    LeadEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(Lead lead, Instant at, Long actorId, String kind, String note) {
        jdbc.sql("""
                INSERT INTO lead_event (lead_id, at, actor_id, kind, status, assignee_id, note)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(lead.id(), Timestamp.from(at), actorId, kind, lead.status().name(),
                        lead.assigneeId().orElse(null), note)
                .update();
    }

    List<Event> of(long leadId) {
        return jdbc.sql("""
                SELECT at, actor_id, kind, status, assignee_id, note FROM lead_event WHERE lead_id = ?
                ORDER BY at, id""").param(leadId)
                .query((rs, i) -> new Event(rs.getTimestamp(1).toInstant(), (Long) rs.getObject(2, Long.class),
                        rs.getString(3), Lead.Status.valueOf(rs.getString(4)), (Long) rs.getObject(5, Long.class),
                        rs.getString(6)))
                .list();
    }

    /** Members who passed on this lead (declined or let the SLA run out), so routing skips them. */
    List<Long> passedBy(long leadId) {
        return jdbc.sql("""
                SELECT DISTINCT assignee_id FROM lead_event
                WHERE lead_id = ? AND kind IN ('declined', 'timed-out') AND assignee_id IS NOT NULL""")
                .param(leadId).query(Long.class).list();
    }
}
