package dev.baton.meeting;

import java.time.Instant;
import java.time.LocalDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** Something a person committed to in a meeting: what, by when, and what counts as delivered. */
@Table("action_item")
public class ActionItem {

    @Id
    private Long id;
    /** Its number in its workspace: the 3 of A-3 (given by RefNumbers). */
    private Long number;
    private final String workspace;
    private final long seriesId;
    private final long meetingId;
    private long ownerId;
    private final String title;
    private final String deliverable;
    private LocalDate dueDate;
    private String status;
    private Instant doneAt;
    private int extensions;
    private final Instant createdAt;
    @Version
    private Integer version;

    @PersistenceCreator
    ActionItem(Long id, String workspace, long seriesId, long meetingId, long ownerId, String title,
            String deliverable, LocalDate dueDate, String status, Instant doneAt, int extensions, Instant createdAt,
            Integer version) {
        this.id = id;
        this.workspace = workspace;
        this.seriesId = seriesId;
        this.meetingId = meetingId;
        this.ownerId = ownerId;
        this.title = title;
        this.deliverable = deliverable;
        this.dueDate = dueDate;
        this.status = status;
        this.doneAt = doneAt;
        this.extensions = extensions;
        this.createdAt = createdAt;
        this.version = version;
    }

    static ActionItem record(String workspace, long seriesId, long meetingId, long ownerId, String title,
            String deliverable, LocalDate due, Instant now) {
        return new ActionItem(null, workspace, seriesId, meetingId, ownerId, title, deliverable, due, "OPEN", null, 0,
                now, null);
    }

    void done(Instant now) {
        status = "DONE";
        doneAt = now;
    }

    void extend(LocalDate newDue) {
        dueDate = newDue;
        extensions++;
    }

    public long id() {
        return id;
    }

    String ref() {
        return "A-" + number;
    }

    String workspace() {
        return workspace;
    }

    long seriesId() {
        return seriesId;
    }

    long meetingId() {
        return meetingId;
    }

    long ownerId() {
        return ownerId;
    }

    String title() {
        return title;
    }

    String deliverable() {
        return deliverable;
    }

    LocalDate dueDate() {
        return dueDate;
    }

    boolean open() {
        return "OPEN".equals(status);
    }

    int extensions() {
        return extensions;
    }
}
