package dev.baton.okr;

import dev.baton.schedule.Job;
import dev.baton.schedule.JobHandler;
import dev.baton.schedule.Schedule;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.data.relational.core.mapping.event.AfterSaveEvent;
import org.springframework.stereotype.Component;

/**
 * Key results that measure themselves: the measures features offer ({@link Measure} beans), and the job that
 * measures a workspace's key results again a minute after the work they count changed. Changes are coalesced — a
 * burst of a hundred leads is measured once — and every new value is recorded in the key result's history as an
 * automatic check-in, so trends, the tree, the console and the digest show it like any other.
 */
@Component
class Measuring implements JobHandler {

    static final String KIND = "okr.measure";
    /** How long after a change its key results are measured: changes within it are measured together. */
    static final Duration COALESCE = Duration.ofMinutes(1);
    /** A period ended this long ago is no longer measured (late corrections are still counted until then). */
    static final Duration AFTER_PERIOD = Duration.ofDays(14);

    private final Map<String, Measure> measures;
    private final KeyResults keyResults;
    private final Objectives objectives;
    private final CheckIns checkIns;
    private final Team team;
    private final Schedule schedule;
    private final Clock clock;

    Measuring(List<Measure> measures, KeyResults keyResults, Objectives objectives, CheckIns checkIns, Team team,
            Schedule schedule, Clock clock) {
        this.measures = measures.stream().collect(Collectors.toMap(Measure::key, Function.identity(), (a, b) -> a,
                java.util.TreeMap::new));
        this.keyResults = keyResults;
        this.objectives = objectives;
        this.checkIns = checkIns;
        this.team = team;
        this.schedule = schedule;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Every measure, by key. */
    Map<String, Measure> all() {
        return measures;
    }

    Optional<Measure> find(String key) {
        return Optional.ofNullable(measures.get(key));
    }

    /** A lead, a post… was saved: measure its workspace's key results again soon (once for a burst). */
    @EventListener
    void saved(AfterSaveEvent<?> event) {
        for (Measure m : measures.values()) {
            Optional<String> workspace = m.workspaceChangedBy(event.getEntity());
            if (workspace.isPresent()) {
                schedule.noLaterThan(KIND + ":" + workspace.get(), KIND, workspace.get(),
                        clock.instant().plus(COALESCE));
                return;
            }
        }
    }

    @Override
    public Optional<Instant> run(Job job) {
        Instant now = clock.instant();
        for (KeyResult kr : keyResults.findMeasuredInWorkspace(job.payload())) {
            measure(kr, now);
        }
        return Optional.empty();
    }

    /**
     * Measures one key result now; its new value, or empty when its measure is gone, its period long over, or there
     * is nothing to measure yet.
     */
    Optional<BigDecimal> measure(KeyResult kr, Instant now) {
        Optional<Measure> measure = kr.measure().flatMap(this::find);
        Optional<Objective> objective = objectives.findById(kr.objectiveId());
        if (measure.isEmpty() || objective.isEmpty()) {
            return Optional.empty();
        }
        Measure.Scope scope = scope(objective.get(), kr, measure.get());
        if (now.isAfter(scope.to().plus(AFTER_PERIOD))) {
            return Optional.empty();
        }
        Optional<BigDecimal> value = measure.get().value(scope);
        if (value.isEmpty()) {
            return Optional.empty(); // nothing to take a median or share of yet: the start value stands
        }
        kr.measured(value.get(), now).ifPresent(checkIns::save);
        keyResults.save(kr);
        return value;
    }

    /** Whose work counts (the objective's department, or its owner alone) and over which days (its period). */
    Measure.Scope scope(Objective o, KeyResult kr, Measure measure) {
        Member owner = team.member(o.ownerId());
        List<Long> people = o.departmentId() == null ? List.of(owner.id())
                : team.inDepartment(o.departmentId()).stream().map(Member::id).toList();
        Period period = Period.parse(o.period()).orElseGet(() -> Period.quarterOf(LocalDate.now(clock)));
        ZoneId zone = owner.zone();
        return new Measure.Scope(o.workspace(), people, kr.measureFilter().flatMap(Measure.Filter::parse),
                period.start().atStartOfDay(zone).toInstant(), period.end().plusDays(1).atStartOfDay(zone).toInstant(),
                clock.instant());
    }
}
