package dev.baton.content;

import java.time.Duration;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/** A planned post and where it stands. */
@Table("content_item")
public class ContentItem {

    @Id
    private Long id;
    /** Its number in its workspace: the 3 of C-3 (given by RefNumbers). */
    private Long number;
    private final String workspace;
    private String title;
    private Platform platform;
    private long ownerId;
    private Long reviewerId;
    private String campaign;
    private Stage stage;
    private Instant draftDueAt;
    private Instant reviewDueAt;
    private Instant publishAt;
    private Instant publishedAt;
    @Column("reads_count")
    private Integer reads;
    @Column("likes_count")
    private Integer likes;
    @Column("shares_count")
    private Integer shares;
    @Column("comments_count")
    private Integer comments;
    private final Instant createdAt;
    @Version
    private Integer version;

    @PersistenceCreator
    ContentItem(Long id, String workspace, String title, Platform platform, long ownerId, Long reviewerId,
            String campaign, Stage stage, Instant draftDueAt, Instant reviewDueAt, Instant publishAt,
            Instant publishedAt, Integer reads, Integer likes, Integer shares, Integer comments, Instant createdAt,
            Integer version) {
        this.id = id;
        this.workspace = workspace;
        this.title = title;
        this.platform = platform;
        this.ownerId = ownerId;
        this.reviewerId = reviewerId;
        this.campaign = campaign;
        this.stage = stage;
        this.draftDueAt = draftDueAt;
        this.reviewDueAt = reviewDueAt;
        this.publishAt = publishAt;
        this.publishedAt = publishedAt;
        this.reads = reads;
        this.likes = likes;
        this.shares = shares;
        this.comments = comments;
        this.createdAt = createdAt;
        this.version = version;
    }

    static ContentItem plan(String workspace, String title, Platform platform, long ownerId, Long reviewerId,
            String campaign, Instant draftDue, Instant reviewDue, Instant publishAt, Instant now) {
        return new ContentItem(null, workspace, title, platform, ownerId, reviewerId, campaign, Stage.IDEA, draftDue,
                reviewDue, publishAt, null, null, null, null, null, now, null);
    }

    /** When the current stage must be left: the draft ready for review, the review done, the post out. */
    public Instant dueOfStage() {
        return switch (stage) {
            case IDEA, DRAFT -> draftDueAt;
            case IN_REVIEW -> reviewDueAt;
            default -> publishAt;
        };
    }

    void moveTo(Stage next, Instant now) {
        this.stage = next;
        this.publishedAt = next == Stage.PUBLISHED ? now : null;
    }

    /** Moves the publish time and every milestone with it, keeping the gaps between them. */
    void reschedule(Instant newPublishAt) {
        Duration shift = Duration.between(publishAt, newPublishAt);
        this.draftDueAt = draftDueAt.plus(shift);
        this.reviewDueAt = reviewDueAt.plus(shift);
        this.publishAt = newPublishAt;
    }

    void assignOwner(long member) {
        this.ownerId = member;
    }

    void assignReviewer(Long member) {
        this.reviewerId = member;
    }

    void record(Integer newReads, Integer newLikes, Integer newShares, Integer newComments) {
        if (newReads != null) {
            this.reads = newReads;
        }
        if (newLikes != null) {
            this.likes = newLikes;
        }
        if (newShares != null) {
            this.shares = newShares;
        }
        if (newComments != null) {
            this.comments = newComments;
        }
    }

    public long id() {
        return id;
    }

    public String ref() {
        return "C-" + number;
    }

    public String workspace() {
        return workspace;
    }

    public String title() {
        return title;
    }

    public Platform platform() {
        return platform;
    }

    public long ownerId() {
        return ownerId;
    }

    public Long reviewerId() {
        return reviewerId;
    }

    public String campaign() {
        return campaign;
    }

    public Stage stage() {
        return stage;
    }

    public Instant draftDueAt() {
        return draftDueAt;
    }

    public Instant reviewDueAt() {
        return reviewDueAt;
    }

    public Instant publishAt() {
        return publishAt;
    }

    public Instant publishedAt() {
        return publishedAt;
    }

    public Integer reads() {
        return reads;
    }

    public Integer likes() {
        return likes;
    }

    public Integer shares() {
        return shares;
    }

    public Integer comments() {
        return comments;
    }
}
