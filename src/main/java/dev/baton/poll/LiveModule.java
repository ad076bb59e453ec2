package dev.baton.poll;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** "Rate this module", open in one channel during a training session until the next module or its close. */
@Table("live_module")
public class LiveModule {

    @Id
    private Long id;
    private final String workspace;
    private final long trainerId;
    private final String channelId;
    private final String title;
    private String status;
    private final Instant createdAt;
    private Instant closedAt;
    @Version
    private Integer version;

    @PersistenceCreator
    LiveModule(Long id, String workspace, long trainerId, String channelId, String title, String status,
            Instant createdAt, Instant closedAt, Integer version) {
        this.id = id;
        this.workspace = workspace;
        this.trainerId = trainerId;
        this.channelId = channelId;
        this.title = title;
        this.status = status;
        this.createdAt = createdAt;
        this.closedAt = closedAt;
        this.version = version;
    }

    static LiveModule open(String workspace, long trainerId, String channelId, String title, Instant now) {
        return new LiveModule(null, workspace, trainerId, channelId, title, "OPEN", now, null, null);
    }

    void close(Instant now) {
        status = "CLOSED";
        closedAt = now;
    }

    long id() {
        return id;
    }

    String workspace() {
        return workspace;
    }

    long trainerId() {
        return trainerId;
    }

    String channelId() {
        return channelId;
    }

    String title() {
        return title;
    }

    boolean open() {
        return "OPEN".equals(status);
    }

    Instant createdAt() {
        return createdAt;
    }

    String postKey() {
        return "live:" + id + ":post";
    }
}
