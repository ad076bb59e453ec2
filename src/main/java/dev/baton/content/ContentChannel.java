package dev.baton.content;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** The person who runs a publishing channel (e.g. the WeChat official account). */
@Table("content_channel")
class ContentChannel {

    @Id
    private Long id;
    private final String workspace;
    private final Platform platform;
    private long ownerId;
    @Version
    private Integer version;

    @PersistenceCreator
    ContentChannel(Long id, String workspace, Platform platform, long ownerId, Integer version) {
        this.id = id;
        this.workspace = workspace;
        this.platform = platform;
        this.ownerId = ownerId;
        this.version = version;
    }

    static ContentChannel of(String workspace, Platform platform, long ownerId) {
        return new ContentChannel(null, workspace, platform, ownerId, null);
    }

    long ownerId() {
        return ownerId;
    }

    void runBy(long member) {
        this.ownerId = member;
    }
}
