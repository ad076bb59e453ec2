package dev.baton.okr;

import dev.baton.team.Team;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/** The alignment tree of a quarter with every key result, for the managers' read-only dashboard. */
@Service
public class OkrBoard {

    private final Okrs okrs;
    private final Team team;

    OkrBoard(Okrs okrs, Team team) {
        this.okrs = okrs;
        this.team = team;
    }

    public record KeyResultRow(String ref, String title, String owner, String current, String target, int progress,
            int confidence, Instant lastCheckIn) {
    }

    /** One objective; {@code mine} when it belongs to one of the viewer's departments. */
    public record Node(String ref, String title, String owner, String department, boolean mine, int progress,
            List<KeyResultRow> keyResults, List<Node> children) {
    }

    public record Tree(String period, List<Node> roots) {
    }

    /**
     * The whole workspace's tree (alignment crosses departments, so a manager sees all of it) for the quarter of
     * {@code today} or the period typed; empty when the period cannot be read.
     */
    public Optional<Tree> tree(String workspace, String periodText, LocalDate today, Set<Long> viewersDepartments) {
        Optional<Period> period = periodText == null || periodText.isBlank()
                ? Optional.of(Period.quarterOf(today)) : Period.parse(periodText.strip());
        if (period.isEmpty()) {
            return Optional.empty();
        }
        List<Objective> all = okrs.objectives().findByWorkspaceAndPeriodOrderById(workspace, period.get().code());
        Map<Long, List<Objective>> children = all.stream().filter(o -> o.parentId() != null)
                .collect(Collectors.groupingBy(Objective::parentId, LinkedHashMap::new, Collectors.toList()));
        Set<Long> ids = all.stream().map(Objective::id).collect(Collectors.toSet());
        List<Node> roots = new ArrayList<>();
        for (Objective o : all) {
            // an objective whose parent lies in another period is a root of this one
            if (o.parentId() == null || !ids.contains(o.parentId())) {
                roots.add(node(o, children, viewersDepartments));
            }
        }
        return Optional.of(new Tree(period.get().code(), roots));
    }

    private Node node(Objective o, Map<Long, List<Objective>> children, Set<Long> viewersDepartments) {
        List<KeyResult> krs = okrs.keyResults().findByObjectiveIdOrderById(o.id());
        List<KeyResultRow> rows = krs.stream().map(kr -> new KeyResultRow(kr.ref(), kr.title(),
                team.nameOf(kr.ownerId()),
                OkrFormat.value(kr.currentValue(), kr.unit()), OkrFormat.value(kr.targetValue(), kr.unit()),
                Math.max(0, Math.min(100, kr.progressPercent())), kr.confidence(), kr.lastCheckinAt())).toList();
        List<Node> below = children.getOrDefault(o.id(), List.of()).stream()
                .map(c -> node(c, children, viewersDepartments)).toList();
        return new Node(o.ref(), o.title(), team.nameOf(o.ownerId()), okrs.departmentName(o.departmentId()),
                o.departmentId() != null && viewersDepartments.contains(o.departmentId()),
                OkrFormat.averageProgress(krs), rows, below);
    }

}
