package dev.baton.okr;

import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import dev.baton.conversation.Texts;
import dev.baton.conversation.UsageException;
import dev.baton.system.TransactionCache;
import dev.baton.team.Department;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/** OKR rules shared by commands, forms, dialogs and prompts. */
@Service
class Okrs {

    static final Pattern KR_REF = Pattern.compile("(?i)(?:kr-?)?(\\d{1,12})");
    private static final Pattern O_REF = Pattern.compile("(?i)(?:o-?)?(\\d{1,12})");

    private final Objectives objectives;
    private final KeyResults keyResults;
    private final CheckIns checkIns;
    private final CheckInLedger ledger;
    private final OkrRows rows;
    private final Team team;
    /** A check-in reads its key result's objective twice (the workspace, then the period of what is still open). */
    private final TransactionCache<Objective> readInThisTransaction = new TransactionCache<>("objective");
    private final TransactionCache<KeyResult> lockedInThisTransaction = new TransactionCache<>("key-result-locked");

    Okrs(Objectives objectives, KeyResults keyResults, CheckIns checkIns, CheckInLedger ledger, OkrRows rows,
            Team team) {
        this.objectives = objectives;
        this.keyResults = keyResults;
        this.checkIns = checkIns;
        this.ledger = ledger;
        this.rows = rows;
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
        return keyResult(workspace, ref, keyResults::findById);
    }

    /** As {@link #keyResult(String, String)}, read to be checked in on: see {@link #forUpdate}. */
    Optional<KeyResult> keyResultToCheckIn(String workspace, String ref) {
        return keyResult(workspace, ref, this::locked);
    }

    private Optional<KeyResult> keyResult(String workspace, String ref, Function<Long, Optional<KeyResult>> read) {
        Matcher m = KR_REF.matcher(ref.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return read.apply(Long.parseLong(m.group(1))).filter(kr -> objective(kr).workspace().equals(workspace));
    }

    /**
     * The key result as it is now, locked until the transaction ends: a check-in starts from its current value, and
     * two people checking in on it at once take turns instead of one failing. Read once per transaction.
     */
    KeyResult forUpdate(KeyResult kr) {
        return locked(kr.id()).orElseThrow();
    }

    /** The objective comes with the locked key result, and is remembered for this transaction too. */
    private Optional<KeyResult> locked(long id) {
        return lockedInThisTransaction.get(id, key -> rows.keyResultForUpdate(key).map(row -> {
            readInThisTransaction.put(row.objective().id(), row.objective());
            return row.keyResult();
        }));
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
                ? objective(Long.parseLong(m.group(1))).filter(o -> o.workspace().equals(workspace))
                : Optional.empty();
        return found.orElseThrow(() -> new UsageException(usage, "okr.error.unknown-objective", ref));
    }

    Objective objective(KeyResult kr) {
        return objective(kr.objectiveId()).orElseThrow();
    }

    Optional<Objective> objective(long id) {
        return readInThisTransaction.get(id, rows::objective);
    }

    /** Every change of an objective goes through here, so what this transaction read stays what it wrote. */
    Objective save(Objective objective) {
        Objective saved = objectives.save(objective);
        return readInThisTransaction.put(saved.id(), saved);
    }

    /** Key results the member owns whose objective's period covers {@code today}. */
    List<KeyResult> activeKeyResults(Member member, LocalDate today) {
        return active(rows.keyResultsOwnedBy(member.id()), today);
    }

    /** Those of {@code owned} (someone's key results with their objectives) whose objective's period holds today. */
    List<KeyResult> active(List<OkrRows.WithObjective> owned, LocalDate today) {
        List<KeyResult> active = new ArrayList<>();
        for (OkrRows.WithObjective row : owned) {
            Objective objective = readInThisTransaction.put(row.objective().id(), row.objective());
            if (Period.parse(objective.period()).orElseThrow().contains(today)) {
                active.add(row.keyResult());
            }
        }
        return active;
    }

    /** May {@code actor} check in on, or change, what {@code ownerId} owns? */
    boolean mayUpdate(Member actor, long ownerId) {
        return team.canManage(actor, team.member(ownerId));
    }

    /** A check-in as stored, and the key results its key result's owner has, read with it. */
    record CheckedIn(CheckIn checkIn, List<OkrRows.WithObjective> ownersKeyResults) {
    }

    /**
     * Records a check-in after checking who may, and tells the member's manager about a blocker. {@code notify}
     * receives messages to others (target, reply).
     */
    CheckedIn checkIn(Member actor, KeyResult kr, BigDecimal value, Integer confidence, String note, String blocker,
            Instant now, Texts texts, BiConsumer<Target, Reply> notify) {
        if (!mayUpdate(actor, kr.ownerId())) {
            throw new UsageException(null, "okr.error.not-owner", kr.ref(), team.member(kr.ownerId()).displayName());
        }
        if (confidence != null && (confidence < 1 || confidence > 10)) {
            throw new UsageException("okr.checkin", "okr.error.bad-confidence", confidence);
        }
        CheckIn checkIn = kr.checkIn(actor.id(), value, confidence, blank(note), blank(blocker), now);
        List<OkrRows.WithObjective> owners = ledger.record(kr, checkIn);
        if (checkIn.blocker() != null) {
            Member owner = team.member(kr.ownerId());
            team.department(owner.departmentId()).map(Department::managerId)
                    .filter(managerId -> managerId != owner.id())
                    .flatMap(team::find)
                    .ifPresent(manager -> notify.accept(new Target.Direct(manager.platformUserId()),
                            new Reply.Text(texts.in(manager.locale()).t("okr.blocker.to-manager", owner.displayName(),
                                    kr.ref(), kr.title(), checkIn.blocker()))));
        }
        return new CheckedIn(checkIn, owners);
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    String departmentName(Long id) {
        return team.department(id).map(Department::name).orElse("");
    }

    static String normaliseUnit(String unit) {
        return unit == null ? "" : unit.strip().toLowerCase(Locale.ROOT).equals("percent") ? "%" : unit.strip();
    }
}
