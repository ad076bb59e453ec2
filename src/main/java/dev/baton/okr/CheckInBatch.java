package dev.baton.okr;

import dev.baton.conversation.Args;
import dev.baton.conversation.BatchCommand;
import dev.baton.conversation.Context;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.UsageException;
import dev.baton.system.RoundTrip;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.stereotype.Component;

/**
 * Typed check-ins of many people at once ({@code /okr checkin KR-1 72 [confidence 7] ["note"]}), the command everyone
 * sends in the same hour before a weekly review: the key results of all of them locked and read in one statement,
 * their owners' key results in another, then one update of the key results and one insert of the check-ins, where
 * each check-in alone costs five statements. Each answer is the one {@link OkrCommands} gives, built by the same code
 * from the same rows: the key results are the locked copies, so a second check-in on a key result in the same batch
 * starts where the first one ended, and "still to check in" counts the check-ins before it.
 *
 * <p>Left to {@link OkrCommands}: bad input (its answer tells how to fix it), a key result that is not there or not
 * the speaker's own (a manager's check-in, or the refusal), and a blocker, which also tells the owner's manager.
 */
@Component
class CheckInBatch implements BatchCommand {

    /** {@code checkin} and at least a key result and a value; anything else is surely not for the batch. */
    private static final Pattern TAKES = Pattern.compile("(?is)\\s*checkin\\s+\\S+\\s+\\S.*");

    private final JdbcOperations jdbc;
    private final OkrRows rows;
    private final Team team;
    private final OkrPrompts prompts;

    CheckInBatch(JdbcOperations jdbc, OkrRows rows, Team team, OkrPrompts prompts) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.team = team;
        this.prompts = prompts;
    }

    @Override
    public boolean takes(String text) {
        return TAKES.matcher(text).matches();
    }

    /** A command of the batch as read: who, on which key result, what. */
    private record Typed(Member actor, long keyResultId, OkrCommands.TypedCheckIn checkIn) {
    }

    @Override
    public Done handleAll(List<Context> commands, RoundTrip writes) {
        List<Typed> typed = new ArrayList<>();
        for (Context ctx : commands) {
            typed.add(read(ctx));
        }
        TreeSet<Long> ids = new TreeSet<>();
        List<Long> owners = new ArrayList<>();
        for (Typed t : typed) {
            if (t != null) {
                ids.add(t.keyResultId());
                if (!owners.contains(t.actor().id())) {
                    owners.add(t.actor().id());
                }
            }
        }
        List<Boolean> done = new ArrayList<>(Collections.nCopies(commands.size(), false));
        if (ids.isEmpty()) {
            return new Done(done, () -> { });
        }
        RoundTrip reads = RoundTrip.on(jdbc);
        RoundTrip.Rows<OkrRows.WithObjective> locked = rows.keyResultsForUpdate(reads, List.copyOf(ids));
        RoundTrip.Rows<OkrRows.WithObjective> owned = rows.keyResultsOwnedBy(reads, owners);
        reads.run();
        Map<Long, OkrRows.WithObjective> byId = new HashMap<>();
        for (OkrRows.WithObjective row : locked.list()) {
            byId.put(row.keyResult().id(), row);
        }
        // an owner's key results, with the locked copies where the batch has them: what it changes is seen
        Map<Long, List<OkrRows.WithObjective>> ownedBy = new HashMap<>();
        for (OkrRows.WithObjective row : owned.list()) {
            OkrRows.WithObjective current = byId.getOrDefault(row.keyResult().id(), row);
            ownedBy.computeIfAbsent(row.keyResult().ownerId(), o -> new ArrayList<>()).add(current);
        }
        Map<KeyResult, Integer> changed = new LinkedHashMap<>();
        List<CheckIn> checkIns = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            Typed t = typed.get(i);
            OkrRows.WithObjective row = t == null ? null : byId.get(t.keyResultId());
            if (row == null || !row.objective().workspace().equals(t.actor().workspace())
                    || row.keyResult().ownerId() != t.actor().id()) {
                continue;
            }
            Context ctx = commands.get(i);
            KeyResult kr = row.keyResult();
            CheckIn checkIn = kr.checkIn(t.actor().id(), t.checkIn().value(), t.checkIn().confidence(),
                    Okrs.blank(t.checkIn().note()), null, ctx.instant());
            List<KeyResult> open = prompts.missingThisWeek(t.actor(), ctx.instant(),
                    ownedBy.getOrDefault(t.actor().id(), List.of()));
            ctx.reply(OkrCommands.checkedIn(ctx, kr, checkIn, open));
            changed.merge(kr, 1, Integer::sum);
            checkIns.add(checkIn);
            done.set(i, true);
        }
        if (checkIns.isEmpty()) {
            return new Done(done, () -> { });
        }
        RoundTrip.Count updated = update(writes, changed);
        insert(writes, checkIns);
        return new Done(done, () -> {
            if (updated.get() != changed.size()) {
                // cannot happen while the rows are locked; if it does, each check-in runs alone on fresh rows
                throw new OptimisticLockingFailureException("Key results changed during a batch of check-ins");
            }
            changed.forEach((kr, times) -> {
                for (int k = 0; k < times; k++) {
                    kr.written();
                }
            });
            checkIns.forEach(CheckIn::stored);
        });
    }

    /** The command as {@link OkrCommands} reads it, or null when it is not a check-in the batch does. */
    private Typed read(Context ctx) {
        if (!(ctx.inbound() instanceof Inbound.Command command)) {
            return null;
        }
        try {
            Args args = Args.of(command.text());
            if (args.take("checkin").isEmpty()) {
                return null;
            }
            args = args.forUsage("okr.checkin");
            Matcher ref = Okrs.KR_REF.matcher(args.word("okr.error.kr-missing").strip());
            if (!ref.matches()) {
                return null;
            }
            long id = Long.parseLong(ref.group(1));
            OkrCommands.TypedCheckIn checkIn = OkrCommands.TypedCheckIn.rest(args);
            if (checkIn.blocker() != null) {
                return null;
            }
            return new Typed(team.member(ctx.speaker().memberId()), id, checkIn);
        } catch (UsageException | NumberFormatException e) {
            return null;
        }
    }

    /** One statement for every key result of the batch: its last value, confidence and time, its version moved on. */
    private static RoundTrip.Count update(RoundTrip writes, Map<KeyResult, Integer> changed) {
        StringBuilder value = new StringBuilder("current_value = CASE id");
        StringBuilder confidence = new StringBuilder("confidence = CASE id");
        StringBuilder at = new StringBuilder("last_checkin_at = CASE id");
        StringBuilder version = new StringBuilder("version = CASE id");
        List<Object> params = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        List<Object> confidences = new ArrayList<>();
        List<Object> times = new ArrayList<>();
        List<Object> versions = new ArrayList<>();
        List<Object> where = new ArrayList<>();
        changed.forEach((kr, count) -> {
            value.append(" WHEN ? THEN ?");
            confidence.append(" WHEN ? THEN ?");
            at.append(" WHEN ? THEN ?");
            version.append(" WHEN ? THEN ?");
            values.addAll(List.of(kr.id(), kr.currentValue()));
            confidences.addAll(List.of(kr.id(), kr.confidence()));
            times.addAll(List.of(kr.id(), Timestamp.from(kr.lastCheckinAt())));
            // checked against the version read: the row is locked, so only a bug could make it differ
            versions.addAll(List.of(kr.id(), kr.version() + count));
            where.addAll(List.of(kr.id(), kr.version()));
        });
        params.addAll(values);
        params.addAll(confidences);
        params.addAll(times);
        params.addAll(versions);
        params.addAll(where);
        String matches = String.join(" OR ", Collections.nCopies(changed.size(), "(id = ? AND version = ?)"));
        return writes.update("UPDATE key_result SET " + value + " END, " + confidence + " END, " + at + " END, "
                + version + " END WHERE " + matches, params.toArray());
    }

    private static void insert(RoundTrip writes, List<CheckIn> checkIns) {
        List<Object> params = new ArrayList<>();
        for (CheckIn c : checkIns) {
            params.addAll(Arrays.asList(c.keyResultId(), c.memberId(), c.previousValue(), c.value(),
                    c.confidence(), c.note(), c.blocker(), Timestamp.from(c.createdAt())));
        }
        writes.update("INSERT INTO check_in (key_result_id, member_id, previous_value, value, confidence, note, "
                + "blocker, created_at, version) VALUES "
                + RoundTrip.repeated("(?, ?, ?, ?, ?, ?, ?, ?, 0)", checkIns.size()),
                params.toArray());
    }
}
