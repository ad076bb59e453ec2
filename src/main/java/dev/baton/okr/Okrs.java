package dev.baton.okr;

import dev.baton.conversation.FieldLimits;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import dev.baton.conversation.Texts;
import dev.baton.conversation.UsageException;
import dev.baton.team.Department;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;

/** OKR rules shared by commands, forms, dialogs and prompts. */
@Service
class Okrs {

    static final Pattern KR_REF = Pattern.compile("(?i)(?:kr-?)?(\\d{1,12})");
    private static final Pattern O_REF = Pattern.compile("(?i)(?:o-?)?(\\d{1,12})");

    private final Objectives objectives;
    private final KeyResults keyResults;
    private final CheckIns checkIns;
    private final Team team;
    private final FieldLimits fieldLimits;

    Okrs(Objectives objectives, KeyResults keyResults, CheckIns checkIns, Team team, FieldLimits fieldLimits) {
        this.fieldLimits = fieldLimits;
        this.objectives = objectives;
        this.keyResults = keyResults;
        this.checkIns = checkIns;
        this.team = team;
    }

    Objectives objectives() {
        return objectives;
    }

    KeyResults keyResults() {
        return keyResults;
    }

    CheckIns checkIns() {
        return checkIns;
    }

    Optional<KeyResult> keyResult(String workspace, String ref) {
        return id(ref).flatMap(number -> keyResults.findInWorkspace(number, workspace));
    }

    /** As {@link #keyResult(String, String)}, locked until the transaction ends, to be checked in on. */
    Optional<KeyResult> keyResultToCheckIn(String workspace, String ref) {
        return id(ref).flatMap(number -> keyResults.findInWorkspaceForUpdate(number, workspace));
    }

    private static Optional<Long> id(String ref) {
        Matcher m = KR_REF.matcher(ref.strip());
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    KeyResult requireKeyResult(Member me, String ref, String usage) {
        return require(me, ref, usage, keyResult(me.workspace(), ref));
    }

    KeyResult requireKeyResultToCheckIn(Member me, String ref, String usage) {
        return require(me, ref, usage, keyResultToCheckIn(me.workspace(), ref));
    }

    private KeyResult require(Member me, String ref, String usage, Optional<KeyResult> found) {
        return found.orElseThrow(() -> {
            String mine = keyResults.findByOwnerIdOrderById(me.id()).stream().map(KeyResult::ref)
                    .reduce((a, b) -> a + ", " + b).orElse(null);
            return mine == null ? new UsageException(usage, "okr.error.unknown-kr-none", ref)
                    : new UsageException(usage, "okr.error.unknown-kr", ref, mine);
        });
    }

    Objective requireObjective(String workspace, String ref, String usage) {
        Matcher m = O_REF.matcher(ref.strip());
        Optional<Objective> found = m.matches()
                ? objectives.findByWorkspaceAndNumber(workspace, Long.parseLong(m.group(1)))
                : Optional.empty();
        return found.orElseThrow(() -> new UsageException(usage, "okr.error.unknown-objective", ref));
    }

    Objective objective(KeyResult kr) {
        return objective(kr.objectiveId()).orElseThrow();
    }

    Optional<Objective> objective(long id) {
        return objectives.findById(id);
    }

    Objective save(Objective objective) {
        return objectives.save(objective);
    }

    /** Key results the member owns whose objective's period covers {@code today}. */
    List<KeyResult> activeKeyResults(Member member, LocalDate today) {
        return keyResults.findByOwnerIdInPeriods(member.id(), Period.codesContaining(today));
    }

    /** {@link #activeKeyResults}, locked until the transaction ends: what a check-in starts from. */
    List<KeyResult> activeKeyResultsForUpdate(Member member, LocalDate today) {
        return keyResults.findByOwnerIdInPeriodsForUpdate(member.id(), Period.codesContaining(today));
    }

    /** Of {@code krs}, the one {@code ref} ({@code KR-7}, {@code 7}) names. */
    static Optional<KeyResult> named(List<KeyResult> krs, String ref) {
        return id(ref).flatMap(number -> krs.stream().filter(kr -> kr.ref().equals("KR-" + number)).findFirst());
    }

    /** {@link #activeKeyResults} without a check-in since {@code since}. */
    List<KeyResult> notCheckedInSince(Member member, LocalDate today, Instant since) {
        return keyResults.findByOwnerIdInPeriodsNotCheckedInSince(member.id(), Period.codesContaining(today), since);
    }

    /** May {@code actor} check in on, or change, what {@code ownerId} owns? */
    boolean mayUpdate(Member actor, long ownerId) {
        return actor.id() == ownerId || team.canManage(actor, team.member(ownerId));
    }

    /**
     * Records a check-in after checking who may, and tells the member's manager about a blocker. {@code notify}
     * receives messages to others (target, reply).
     */
    CheckIn checkIn(Member actor, KeyResult kr, BigDecimal value, Integer confidence, String note, String blocker,
            Instant now, Texts texts, BiConsumer<Target, Reply> notify) {
        if (!mayUpdate(actor, kr.ownerId())) {
            throw new UsageException(null, "okr.error.not-owner", kr.ref(), team.member(kr.ownerId()).displayName());
        }
        if (confidence != null && (confidence < 1 || confidence > 10)) {
            throw new UsageException("okr.checkin", "okr.error.bad-confidence", confidence);
        }
        CheckIn checkIn = kr.checkIn(actor.id(), value, confidence, blank(note), blank(blocker), now);
        write(kr, checkIn);
        if (checkIn.blocker() != null) {
            Member owner = team.member(kr.ownerId());
            team.department(owner.departmentId()).map(Department::managerId)
                    .filter(managerId -> managerId != owner.id())
                    .flatMap(team::find)
                    .ifPresent(manager -> notify.accept(new Target.Direct(manager.platformUserId()),
                            new Reply.Text(texts.in(manager.locale()).t("okr.blocker.to-manager", owner.displayName(),
                                    kr.ref(), kr.title(), checkIn.blocker()))));
        }
        return checkIn;
    }

    /** The check-in and its key result's new state, each in one statement (see their repository methods). */
    private void write(KeyResult kr, CheckIn c) {
        fieldLimits.check(c);
        int version = kr.version();
        if (keyResults.writeCheckIn(kr.id(), c.value(), c.confidence(), c.createdAt(), version) != 1) {
            throw new OptimisticLockingFailureException("Key result " + kr.id() + " changed since version " + version);
        }
        kr.checkInWritten();
        checkIns.insert(c.keyResultId(), c.memberId(), c.previousValue(), c.value(), c.confidence(), c.note(),
                c.blocker(), c.createdAt());
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    String departmentName(Long id) {
        return team.department(id).map(Department::name).orElse("");
    }

    /**
     * Whose an objective is, as shown beside it: its department, or for a personal one its owner (an empty
     * department had shown as empty brackets).
     */
    String whose(Objective o) {
        return team.department(o.departmentId()).map(Department::name)
                .orElseGet(() -> team.nameOf(o.ownerId()));
    }

    static String normaliseUnit(String unit) {
        return unit == null ? "" : unit.strip().toLowerCase(Locale.ROOT).equals("percent") ? "%" : unit.strip();
    }
}
