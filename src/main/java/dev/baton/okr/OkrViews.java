package dev.baton.okr;

import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Token;
import dev.baton.team.Department;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** What {@code /okr} shows: lists by person or department, the alignment tree, a key result's history. */
@Component
class OkrViews {

    private final Okrs okrs;
    private final Team team;

    OkrViews(Okrs okrs, Team team) {
        this.okrs = okrs;
        this.team = team;
    }

    void list(Context ctx, Member me, Args args) {
        Period period = Period.quarterOf(ctx.now().toLocalDate());
        String scope = ctx.t("okr.list.scope.mine");
        Member subject = me;
        Department dept = null;
        while (args.hasMore()) {
            Token t = args.peek().orElseThrow();
            Optional<Period> p = Period.parse(t.text());
            if (t.kind() == Token.Kind.WORD && p.isPresent()) {
                args.next("okr.error.period-missing");
                period = p.get();
            } else if (t.kind() == Token.Kind.MENTION) {
                subject = team.mentioned(me, args.next("error.mention-missing"), "okr.list");
                dept = null;
                scope = subject.displayName();
            } else if (args.take("mine", "me").isPresent()) {
                subject = me;
                dept = null;
                scope = ctx.t("okr.list.scope.mine");
            } else if (args.take("dept", "department").isPresent()) {
                dept = team.requireDepartment(me.workspace(), args.word("error.dept-key-missing"), "okr.list");
                subject = null;
                scope = dept.name();
            } else if (args.take("all").isPresent()) {
                subject = null;
                dept = null;
                scope = ctx.t("okr.list.scope.all");
            } else {
                throw args.fail("error.unexpected", t.text());
            }
        }
        List<Objective> found;
        if (subject != null) {
            found = okrs.objectives().findByOwnerIdAndPeriodOrderById(subject.id(), period.code());
        } else if (dept != null) {
            found = okrs.objectives().findByDepartmentIdAndPeriodOrderById(dept.id(), period.code());
        } else {
            found = okrs.objectives().findByWorkspaceAndPeriodOrderById(me.workspace(), period.code());
        }
        if (found.isEmpty()) {
            ctx.reply(ctx.t("okr.list.empty", scope, period.code()));
            return;
        }
        List<String> lines = new ArrayList<>();
        for (Objective o : found) {
            lines.add(objectiveLine(ctx, o));
            for (KeyResult kr : okrs.keyResults().findByObjectiveIdOrderById(o.id())) {
                String owner = kr.ownerId() == o.ownerId() ? "" : " · " + team.member(kr.ownerId()).displayName();
                lines.add("    " + OkrFormat.keyResultLine(ctx.texts(), kr) + owner);
            }
        }
        ctx.reply(new Reply.Card(ctx.t("okr.list.title", scope, period.code()), lines, List.of(), List.of(), null));
    }

    String objectiveLine(Context ctx, Objective o) {
        List<KeyResult> krs = okrs.keyResults().findByObjectiveIdOrderById(o.id());
        String dept = okrs.departmentName(o.departmentId());
        String line = ctx.t("okr.objective.line", o.ref(), o.title(), team.member(o.ownerId()).displayName(),
                dept.isEmpty() ? "—" : dept, OkrFormat.averageProgress(krs));
        if (o.parentId() != null) {
            line += " · " + ctx.t("okr.objective.supports-short",
                    okrs.objectives().findById(o.parentId()).map(Objective::ref).orElse("?"));
        }
        return line;
    }

    void tree(Context ctx, Member me, Args args) {
        Period period = Period.quarterOf(ctx.now().toLocalDate());
        if (args.hasMore()) {
            String p = args.word("okr.error.period-missing");
            period = Period.parse(p).orElseThrow(() -> args.fail("okr.error.bad-period", p));
        }
        args.expectEnd();
        List<Objective> all = okrs.objectives().findByWorkspaceAndPeriodOrderById(me.workspace(), period.code());
        if (all.isEmpty()) {
            ctx.reply(ctx.t("okr.list.empty", ctx.t("okr.list.scope.all"), period.code()));
            return;
        }
        Map<Long, List<Objective>> children = all.stream().filter(o -> o.parentId() != null)
                .collect(Collectors.groupingBy(Objective::parentId, LinkedHashMap::new, Collectors.toList()));
        List<Long> ids = all.stream().map(Objective::id).toList();
        List<String> lines = new ArrayList<>();
        for (Objective root : all) {
            if (root.parentId() == null || !ids.contains(root.parentId())) {
                addTree(ctx, root, children, 0, lines);
            }
        }
        ctx.reply(new Reply.Card(ctx.t("okr.tree.title", period.code()), lines, List.of(), List.of(),
                ctx.t("okr.tree.footer")));
    }

    void addTree(Context ctx, Objective o, Map<Long, List<Objective>> children, int depth,
            List<String> lines) {
        List<KeyResult> krs = okrs.keyResults().findByObjectiveIdOrderById(o.id());
        String dept = okrs.departmentName(o.departmentId());
        String prefix = depth == 0 ? "" : "    ".repeat(depth - 1) + "└ ";
        lines.add(prefix + ctx.t("okr.tree.line", o.ref(), o.title(), dept.isEmpty() ? "—" : dept,
                OkrFormat.averageProgress(krs)));
        for (Objective child : children.getOrDefault(o.id(), List.of())) {
            addTree(ctx, child, children, depth + 1, lines);
        }
    }

    void history(Context ctx, Member me, Args args) {
        KeyResult kr = okrs.requireKeyResult(me, args.word("okr.error.kr-missing"), "okr.history");
        args.expectEnd();
        List<CheckIn> all = okrs.checkIns().findByKeyResultIdOrderById(kr.id());
        if (all.isEmpty()) {
            ctx.reply(ctx.t("okr.history.empty", kr.ref(), kr.title()));
            return;
        }
        List<CheckIn> shown = all.subList(Math.max(0, all.size() - OkrCommands.HISTORY_SHOWN), all.size());
        DateTimeFormatter day = DateTimeFormatter.ofPattern(ctx.t("format.date"), ctx.texts().locale());
        List<String> lines = new ArrayList<>();
        for (CheckIn c : shown) {
            LocalDate date = c.createdAt().atZone(ctx.speaker().zone()).toLocalDate();
            String line = ctx.t("okr.history.line", date.format(day), OkrFormat.number(c.previousValue()),
                    OkrFormat.value(c.value(), kr.unit()), c.confidence());
            if (c.automatic()) {
                line += " · " + ctx.t("okr.history.measured");
            }
            if (c.note() != null) {
                line += " · “" + c.note() + "”";
            }
            if (c.blocker() != null) {
                line += " · " + ctx.t("okr.history.blocker", c.blocker());
            }
            lines.add(line);
        }
        List<BigDecimal> values = new ArrayList<>();
        values.add(shown.get(0).previousValue());
        shown.forEach(c -> values.add(c.value()));
        CheckIn first = shown.get(0);
        CheckIn last = shown.get(shown.size() - 1);
        int confidenceDelta = last.confidence() - (shown.size() > 1 ? shown.get(shown.size() - 2).confidence()
                : first.confidence());
        lines.add(ctx.t("okr.history.trend", OkrFormat.sparkline(values), OkrFormat.number(first.previousValue()),
                OkrFormat.value(last.value(), kr.unit()), OkrFormat.signed(last.value().subtract(first.previousValue())),
                last.confidence(), OkrFormat.arrow(confidenceDelta)));
        ctx.reply(new Reply.Card(ctx.t("okr.history.title", kr.ref(), kr.title()), lines, List.of(), List.of(),
                ctx.t("okr.history.footer", kr.progressPercent(), OkrFormat.value(kr.targetValue(), kr.unit()))));
    }
}
