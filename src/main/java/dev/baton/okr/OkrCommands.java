package dev.baton.okr;

import dev.baton.conversation.Args;
import dev.baton.conversation.CommandHandler;
import dev.baton.conversation.CommandSpec;
import dev.baton.conversation.CommandSpec.Usage;
import dev.baton.conversation.Context;
import dev.baton.conversation.Dialog;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Reply;
import dev.baton.conversation.UsageException;
import dev.baton.team.Department;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code /okr}: objectives, key results, check-ins (command, form or typed dialog), lists, the alignment tree. */
@Component
class OkrCommands implements CommandHandler {

    static final String FORM_CHECKIN = "okr.checkin";
    static final String ACTION_OPEN = "okr.open-checkin";
    static final String ACTION_SNOOZE = "okr.snooze";
    static final int HISTORY_SHOWN = 12;
    static final String[] OPTION_WORDS = {"dept", "period", "supports", "owner", "unit", "from", "to",
        "confidence", "note", "blocker", "measure"};

    private static final CommandSpec SPEC = new CommandSpec("okr", "okr.summary", List.of(
            new Usage("okr.objective", "objective \"Raise lead quality\" [dept marketing] [period 2026Q4] "
                    + "[supports O-1] [owner @member]", "okr.help.objective"),
            new Usage("okr.kr", "kr O-1 \"Lead quality score\" from 65 to 80 [unit pts] [owner @member]",
                    "okr.help.kr"),
            new Usage("okr.kr-measure", "kr O-1 \"MQLs from webinars\" measure leads.handed_off [source webinar] "
                    + "to 400", "okr.help.kr-measure"),
            new Usage("okr.kr-form", "kr O-1", "okr.help.kr-form"),
            new Usage("okr.measures", "measures", "okr.help.measures"),
            new Usage("okr.checkin", "checkin KR-1 72 [confidence 7] [\"note\"] [blocker \"text\"]",
                    "okr.help.checkin"),
            new Usage("okr.checkin", "checkin", "okr.help.checkin-form"),
            new Usage("okr.list", "list [mine | @member | dept marketing | all] [2026Q4]", "okr.help.list"),
            new Usage("okr.tree", "tree [2026Q4]", "okr.help.tree"),
            new Usage("okr.history", "history KR-1", "okr.help.history"),
            new Usage("okr.align", "align O-2 supports O-1 | align O-2 none", "okr.help.align")));

    private final Okrs okrs;
    private final Team team;
    private final OkrCheckIns checkIns;
    private final OkrViews views;
    private final OkrKeyResults keyResults;

    OkrCommands(Okrs okrs, Team team, OkrCheckIns checkIns, OkrViews views, OkrKeyResults keyResults) {
        this.keyResults = keyResults;
        this.okrs = okrs;
        this.team = team;
        this.checkIns = checkIns;
        this.views = views;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(Context ctx, Args args) {
        Member me = team.member(ctx.speaker().memberId());
        if (!args.hasMore()) {
            views.list(ctx, me, args.forUsage("okr.list"));
            return;
        }
        String sub = args.subcommand("okr", "objective", "kr", "checkin", "list", "tree", "history", "align",
                "measures");
        Args a = args.forUsage("okr." + sub);
        switch (sub) {
            case "objective" -> createObjective(ctx, me, a);
            case "kr" -> keyResults.create(ctx, me, a);
            case "measures" -> keyResults.measures(ctx, a);
            case "checkin" -> checkIns.checkIn(ctx, me, a);
            case "list" -> views.list(ctx, me, a);
            case "tree" -> views.tree(ctx, me, a);
            case "history" -> views.history(ctx, me, a);
            default -> align(ctx, me, a);
        }
    }

    // ---- objectives and key results -------------------------------------------------------------------------

    private void createObjective(Context ctx, Member me, Args args) {
        String title = args.phrase("okr.error.title-missing", OPTION_WORDS);
        Member owner = me;
        Department dept = null;
        Period period = Period.quarterOf(ctx.now().toLocalDate());
        Objective parent = null;
        while (args.hasMore()) {
            String opt = args.take("dept", "period", "supports", "owner")
                    .orElseThrow(() -> args.fail("error.unexpected", args.peek().orElseThrow().text()));
            switch (opt) {
                case "dept" -> dept = team.requireDepartment(me.workspace(), args.word("error.dept-key-missing"),
                        "okr.objective");
                case "period" -> {
                    String p = args.word("okr.error.period-missing");
                    period = Period.parse(p).orElseThrow(() -> args.fail("okr.error.bad-period", p));
                }
                case "supports" -> parent = okrs.requireObjective(me.workspace(),
                        args.word("okr.error.objective-missing"), "okr.objective");
                default -> owner = team.mentioned(me, args.next("error.mention-missing"), "okr.objective");
            }
        }
        if (!team.canManage(me, owner)) {
            throw new UsageException(null, "okr.error.not-allowed-owner", owner.displayName());
        }
        Long deptId = dept != null ? Long.valueOf(dept.id()) : owner.departmentId();
        if (dept != null && !Long.valueOf(dept.id()).equals(owner.departmentId()) && !team.manages(me, dept)) {
            throw new UsageException(null, "okr.error.not-allowed-dept", dept.name());
        }
        Objective o = okrs.save(Objective.create(me.workspace(), title, owner.id(), deptId, period,
                parent == null ? null : parent.id(), ctx.instant()));
        List<String> lines = new ArrayList<>();
        if (parent != null) {
            lines.add(ctx.t("okr.objective.supports", parent.ref(), parent.title(), okrs.whose(parent)));
        }
        lines.add(ctx.t("okr.objective.next", o.ref()));
        ctx.reply(new Reply.Card(ctx.t("okr.objective.created", o.ref(), o.title(), o.period()), lines,
                List.of(), List.of(), null));
    }

    private void align(Context ctx, Member me, Args args) {
        Objective child = okrs.requireObjective(me.workspace(), args.word("okr.error.objective-missing"),
                "okr.align");
        if (!okrs.mayUpdate(me, child.ownerId())) {
            throw new UsageException(null, "okr.error.not-allowed-kr", child.ref(),
                    team.member(child.ownerId()).displayName());
        }
        if (args.take("none", "off").isPresent()) {
            args.expectEnd();
            child.supports(null);
            okrs.save(child);
            ctx.reply(ctx.t("okr.align.removed", child.ref(), child.title()));
            return;
        }
        args.take("supports", "to");
        Objective parent = okrs.requireObjective(me.workspace(), args.word("okr.error.objective-missing"),
                "okr.align");
        args.expectEnd();
        for (Objective up = parent; up != null; up = up.parentId() == null ? null
                : okrs.objective(up.parentId()).orElse(null)) {
            if (up.id() == child.id()) {
                throw args.fail("okr.error.align-cycle", child.ref(), parent.ref());
            }
        }
        child.supports(parent.id());
        okrs.save(child);
        ctx.reply(ctx.t("okr.align.done", child.ref(), child.title(), parent.ref(), parent.title(),
                okrs.whose(parent)));
    }

    @Override
    public void onForm(Context ctx, Inbound.FormSubmission form) {
        if (form.formId().equals(OkrKeyResults.FORM)) {
            keyResults.onForm(ctx, form);
            return;
        }
        checkIns.onForm(ctx, form);
    }

    @Override
    public void onButton(Context ctx, Inbound.ButtonAction action) {
        checkIns.onButton(ctx, action);
    }

    @Override
    public void onDialog(Context ctx, Dialog dialog, String text) {
        checkIns.onDialog(ctx, dialog, text);
    }
}
