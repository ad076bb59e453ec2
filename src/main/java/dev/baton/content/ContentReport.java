package dev.baton.content;

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

    /** Posts owned by {@code owners}: due out in [from, to), how many of those are out, and what is overdue now. */
    public Week week(String workspace, Set<Long> owners, Instant from, Instant to, Instant now) {
        // two indexed reads: the week's posts by publish time, and the posts not yet out
        List<ContentItem> thisWeek = items.findByWorkspaceAndPublishAtBetweenOrderByPublishAt(workspace, from,
                to.minusMillis(1)).stream().filter(i -> owners.contains(i.ownerId())).toList();
        int published = (int) thisWeek.stream().filter(i -> i.stage() == Stage.PUBLISHED).count();
        List<Overdue> overdue = items.findByWorkspaceAndStageNotOrderByPublishAt(workspace, Stage.PUBLISHED).stream()
                .filter(i -> owners.contains(i.ownerId()) && !i.dueOfStage().isAfter(now))
                .map(i -> new Overdue(i.ref(), i.title(), i.platform().key(), i.stage().key(),
                        team.find(i.ownerId()).map(Member::displayName).orElse("?")))
                .toList();
        return new Week(thisWeek.size(), published, overdue);
    }
}
