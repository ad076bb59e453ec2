package dev.baton.content;

import dev.baton.conversation.Pending;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/** What a manager's weekly digest needs to know about the posts of a department's people. */
@Service
public class ContentReport {

    private final ContentItems items;
    private final Team team;

    ContentReport(ContentItems items, Team team) {
        this.items = items;
        this.team = team;
    }

    public record Overdue(String ref, String title, String platformKey, String stageKey, String owner) {
    }

    public record Week(int planned, int published, List<Overdue> overdue) {

        public boolean isEmpty() {
            return planned == 0 && overdue.isEmpty();
        }
    }

    /** A post on the calendar: when it goes out, where, who owns and reviews it, and whether its stage is late. */
    public record Entry(String ref, String title, String platformKey, String stageKey, String owner, String reviewer,
            Instant publishAt, boolean overdue) {
    }

    /** Every post of the workspace due out in [from, to), in publishing order (one indexed read). */
    public List<Entry> calendar(String workspace, Instant from, Instant to, Instant now) {
        return items.findByWorkspaceAndPublishAtBetweenOrderByPublishAt(workspace, from, to.minusMillis(1)).stream()
                .map(i -> new Entry(i.ref(), i.title(), i.platform().key(), i.stage().key(),
                        team.nameOf(i.ownerId()), i.reviewerId() == null ? null : team.nameOf(i.reviewerId()),
                        i.publishAt(),
                        i.stage() != Stage.PUBLISHED && !i.dueOfStage().isAfter(now)))
                .toList();
    }


    /** Posts waiting for the person's review, with Approve and Request changes. */
    public List<Pending> toReview(Member me, Texts t) {
        return items.findByReviewerIdAndStageOrderByPublishAt(me.id(), Stage.IN_REVIEW).stream()
                .map(i -> new Pending(t.t("week.content.review", i.ref(), i.title(), t.t(i.platform().key()),
                        ContentCommands.when(t, i.publishAt(), me)), List.of(
                        new Reply.Button(t.t("week.content.approve", i.ref()), ContentCommands.ACTION_APPROVE,
                                String.valueOf(i.id()), Reply.Button.Style.PRIMARY),
                        new Reply.Button(t.t("week.content.changes", i.ref()), ContentCommands.ACTION_CHANGES,
                                String.valueOf(i.id()), Reply.Button.Style.DEFAULT))))
                .toList();
    }

    /** The person's own posts going out in [from, to) and not out yet, with their stage. */
    public List<String> ownGoingOut(Member me, Instant from, Instant to, Texts t) {
        return items.findByOwnerIdOrderByPublishAt(me.id()).stream()
                .filter(i -> i.stage() != Stage.PUBLISHED && !i.publishAt().isBefore(from)
                        && i.publishAt().isBefore(to))
                .map(i -> t.t("week.content.own", i.ref(), i.title(), t.t(i.platform().key()), t.t(i.stage().key()),
                        ContentCommands.when(t, i.publishAt(), me)))
                .toList();
    }

    /** Posts owned by {@code owners}: due out in [from, to), how many of those are out, and what is overdue now. */
    public Week week(String workspace, Set<Long> owners, Instant from, Instant to, Instant now) {
        if (owners.isEmpty()) {
            return new Week(0, 0, List.of());
        }
        // two reads on the owners' index: their week's posts, and their posts not yet out (not the whole workspace's:
        // a digest for one department of 500 read some 2,700 rows of others' posts)
        List<ContentItem> thisWeek = items.findByOwnerIdInAndPublishAtBetweenOrderByPublishAt(owners, from,
                to.minusMillis(1)).stream().filter(i -> i.workspace().equals(workspace)).toList();
        int published = (int) thisWeek.stream().filter(i -> i.stage() == Stage.PUBLISHED).count();
        List<Overdue> overdue = items.findByOwnerIdInAndStageNotOrderByPublishAt(owners, Stage.PUBLISHED).stream()
                .filter(i -> i.workspace().equals(workspace) && !i.dueOfStage().isAfter(now))
                .map(i -> new Overdue(i.ref(), i.title(), i.platform().key(), i.stage().key(),
                        team.nameOf(i.ownerId())))
                .toList();
        return new Week(thisWeek.size(), published, overdue);
    }
}
