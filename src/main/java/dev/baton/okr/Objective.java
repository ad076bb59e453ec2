package dev.baton.okr;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** An objective of a person (and their department) for a period; {@code parentId} is the objective it supports. */
@Table("objective")
public class Objective {

    @Id
    private Long id;
    /** Its number in its workspace: the 3 of O-3 (given by RefNumbers). */
    private Long number;
    private final String workspace;
    private String title;
    private long ownerId;
    private Long departmentId;
    private String period;
    private Long parentId;
    private final Instant createdAt;
    @Version
    private Integer version;

    @PersistenceCreator
    Objective(Long id, String workspace, String title, long ownerId, Long departmentId, String period, Long parentId,
            Instant createdAt, Integer version) {
        this.id = id;
        this.workspace = workspace;
        this.title = title;
        this.ownerId = ownerId;
        this.departmentId = departmentId;
        this.period = period;
        this.parentId = parentId;
        this.createdAt = createdAt;
        this.version = version;
    }

    static Objective create(String workspace, String title, long ownerId, Long departmentId, Period period,
            Long parentId, Instant now) {
        return new Objective(null, workspace, title, ownerId, departmentId, period.code(), parentId, now, null);
    }

    public long id() {
        return id;
    }

    public String ref() {
        return "O-" + number;
    }

    public String workspace() {
        return workspace;
    }

    public String title() {
        return title;
    }

    public long ownerId() {
        return ownerId;
    }

    public Long departmentId() {
        return departmentId;
    }

    public String period() {
        return period;
    }

    public Long parentId() {
        return parentId;
    }

    void supports(Long parent) {
        this.parentId = parent;
    }
}
