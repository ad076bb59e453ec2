package dev.baton.okr;

import dev.baton.conversation.Pending;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/** What a manager's weekly digest needs to know about a department's OKRs, computed where the OKR rules live. */
@Service
public class OkrReport {

    private final Okrs okrs;
    private final Team team;

    OkrReport(Okrs okrs, Team team) {
        this.okrs = okrs;
        this.team = team;
    }

    public record ObjectiveProgress(String ref, String title, String owner, int progress, int weekAgo) {
    }

    public record Falling(String ref, String title, String owner, int from, int to) {
    }

    public record Missing(String owner, List<String> refs) {
    }

    /**
     * A measured key result of an objective that one of the department's objectives supports ({@code supporter}),
     * whose value moved this week: alignment across departments, seen where the supporting work is done.
     */
    public record SupportedMove(String supporter, String ref, String title, String owner, String from, String to) {
    }

    public record Department(String period, List<ObjectiveProgress> objectives, List<Falling> fallingConfidence,
            List<Missing> missingCheckIns, List<SupportedMove> supportedMoves) {

        public boolean isEmpty() {
            return objectives.isEmpty();
        }
    }

    /**
     * The department's objectives of the quarter containing {@code today}: progress now and a week ago (from the
     * check-in history), key results whose confidence fell in the last week, and who has not checked in for a week.
     */
    public Department department(long departmentId, LocalDate today, Instant now, Instant weekAgo) {
        Period period = Period.quarterOf(today);
        List<ObjectiveProgress> objectives = new ArrayList<>();
        List<Falling> falling = new ArrayList<>();
        java.util.Map<Long, List<String>> missing = new java.util.LinkedHashMap<>();
        // the department's objectives, their key results, their check-ins and their owners' names: one read each
        // (read per objective and per key result, a digest had taken some two hundred statements)
        List<Objective> all = okrs.objectives().findByDepartmentIdAndPeriodOrderById(departmentId, period.code());
        java.util.Map<Long, List<KeyResult>> krsOf = okrs.keyResults()
                .findByObjectiveIdIn(all.stream().map(Objective::id).toList()).stream()
                .collect(java.util.stream.Collectors.groupingBy(KeyResult::objectiveId));
        java.util.Map<Long, List<CheckIn>> historyOf = okrs.checkIns()
                .findByKeyResultIdIn(krsOf.values().stream().flatMap(List::stream).map(KeyResult::id).toList())
                .stream().collect(java.util.stream.Collectors.groupingBy(CheckIn::keyResultId));
        java.util.Set<Long> owners = new java.util.HashSet<>();
        all.forEach(o -> owners.add(o.ownerId()));
        krsOf.values().forEach(krs -> krs.forEach(kr -> owners.add(kr.ownerId())));
        java.util.Map<Long, String> names = owners.isEmpty() ? java.util.Map.of() : team.namesOf(owners);
        for (Objective o : all) {
            List<KeyResult> krs = krsOf.getOrDefault(o.id(), List.of());
            int nowProgress = OkrFormat.averageProgress(krs);
            List<Integer> before = new ArrayList<>();
            for (KeyResult kr : krs) {
                List<CheckIn> history = historyOf.getOrDefault(kr.id(), List.of());
                BigDecimal valueWeekAgo = kr.startValue();
                CheckIn lastBefore = null;
                CheckIn lastInWeek = null;
                for (CheckIn c : history) {
                    if (!c.createdAt().isAfter(weekAgo)) {
                        valueWeekAgo = c.value();
                        lastBefore = c.automatic() ? lastBefore : c;
                    } else if (!c.automatic()) {
                        // a measure's own entries move the value, not the owner's check-in or confidence
                        lastInWeek = c;
                    }
                }
                before.add(clamp(progress(kr, valueWeekAgo)));
                if (lastInWeek != null) {
                    int previous = lastBefore != null ? lastBefore.confidence() : previousConfidence(history, lastInWeek);
                    if (lastInWeek.confidence() < previous) {
                        falling.add(new Falling(kr.ref(), kr.title(), names.get(kr.ownerId()), previous,
                                lastInWeek.confidence()));
                    }
                } else if (!kr.createdAfter(now.minus(java.time.Duration.ofDays(1)))) {
                    // one made in the last day has had no chance to be checked in yet
                    missing.computeIfAbsent(kr.ownerId(), k -> new ArrayList<>()).add(kr.ref());
                }
            }
            int weekAgoProgress = before.isEmpty() ? 0
                    : (int) Math.round(before.stream().mapToInt(Integer::intValue).average().orElse(0));
            objectives.add(new ObjectiveProgress(o.ref(), o.title(), names.get(o.ownerId()), nowProgress,
                    weekAgoProgress));
        }
        List<Missing> missingList = new ArrayList<>();
        missing.forEach((owner, refs) -> missingList.add(new Missing(names.get(owner), refs)));
        return new Department(period.code(), objectives, falling, missingList, supportedMoves(all, weekAgo));
    }

    /** The measured key results the department's objectives support that moved since {@code weekAgo}. */
    private List<SupportedMove> supportedMoves(List<Objective> department, Instant weekAgo) {
        java.util.Map<Long, String> supporterOf = new java.util.LinkedHashMap<>();
        for (Objective o : department) {
            if (o.parentId() != null) {
                supporterOf.putIfAbsent(o.parentId(), o.ref());
            }
        }
        if (supporterOf.isEmpty()) {
            return List.of();
        }
        List<KeyResult> measured = okrs.keyResults().findByObjectiveIdIn(supporterOf.keySet()).stream()
                .filter(kr -> kr.measure().isPresent()).toList();
        if (measured.isEmpty()) {
            return List.of();
        }
        java.util.Map<Long, List<CheckIn>> historyOf = okrs.checkIns()
                .findByKeyResultIdIn(measured.stream().map(KeyResult::id).toList()).stream()
                .collect(java.util.stream.Collectors.groupingBy(CheckIn::keyResultId));
        java.util.Map<Long, String> names = team.namesOf(measured.stream().map(KeyResult::ownerId).toList());
        List<SupportedMove> moves = new ArrayList<>();
        for (KeyResult kr : measured) {
            BigDecimal before = kr.startValue();
            for (CheckIn c : historyOf.getOrDefault(kr.id(), List.of())) {
                if (!c.createdAt().isAfter(weekAgo)) {
                    before = c.value();
                }
            }
            if (before.compareTo(kr.currentValue()) != 0) {
                moves.add(new SupportedMove(supporterOf.get(kr.objectiveId()), kr.ref(), kr.title(),
                        names.get(kr.ownerId()), OkrFormat.value(before, kr.unit()),
                        OkrFormat.value(kr.currentValue(), kr.unit())));
            }
        }
        return moves;
    }

    /**
     * A person's key results of the current periods without a check-in for six days (so the weekly one is due),
     * with Check in, which opens the check-in form on that key result.
     */
    public List<Pending> toCheckIn(Member me, LocalDate today, Instant now, Texts t) {
        Instant due = now.minus(java.time.Duration.ofDays(6));
        return okrs.notCheckedInSince(me, today, due).stream()
                .map(kr -> new Pending(OkrFormat.keyResultLine(t, kr), List.of(new Reply.Button(
                        t.t("week.okr.checkin", kr.ref()), OkrCommands.ACTION_OPEN, String.valueOf(kr.id()),
                        Reply.Button.Style.PRIMARY))))
                .toList();
    }

    /** The confidence before the first check-in of the week: the one before it in the history, or the initial one. */
    private static int previousConfidence(List<CheckIn> history, CheckIn firstOfWeek) {
        int index = history.indexOf(firstOfWeek);
        return index > 0 ? history.get(index - 1).confidence() : KeyResult.INITIAL_CONFIDENCE;
    }

    private static int progress(KeyResult kr, BigDecimal value) {
        BigDecimal span = kr.targetValue().subtract(kr.startValue());
        if (span.signum() == 0) {
            return 100;
        }
        return value.subtract(kr.startValue()).multiply(BigDecimal.valueOf(100))
                .divide(span, 0, java.math.RoundingMode.HALF_UP).intValue();
    }

    private static int clamp(int p) {
        return Math.max(0, Math.min(100, p));
    }

}
