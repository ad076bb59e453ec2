package dev.baton.okr;

import dev.baton.conversation.Args;
import dev.baton.conversation.CommandHandler;
import dev.baton.conversation.CommandSpec;
import dev.baton.conversation.CommandSpec.Usage;
import dev.baton.conversation.Context;
import dev.baton.conversation.Dialog;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Token;
import dev.baton.conversation.UsageException;
import dev.baton.team.Department;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** {@code /okr}: objectives, key results, check-ins (command, form or typed dialog), lists, the alignment tree. */
@Component
class OkrCommands implements CommandHandler {

    static final String FORM_CHECKIN = "okr.checkin";
    static final String ACTION_OPEN = "okr.open-checkin";
    static final String ACTION_SNOOZE = "okr.snooze";
    private static final int HISTORY_SHOWN = 12;
    private static final String[] OPTION_WORDS = {"dept", "period", "supports", "owner", "unit", "from", "to",
        "confidence", "note", "blocker"};

    private static final CommandSpec SPEC = new CommandSpec("okr", "okr.summary", List.of(
            new Usage("okr.objective", "objective \"Raise lead quality\" [dept marketing] [period 2026Q4] "
                    + "[supports O-1] [owner @member]", "okr.help.objective"),
            new Usage("okr.kr", "kr O-1 \"Lead quality score\" from 65 to 80 [unit pts] [owner @member]",
                    "okr.help.kr"),
            new Usage("okr.checkin", "checkin KR-1 72 [confidence 7] [\"note\"] [blocker \"text\"]",
                    "okr.help.checkin"),
            new Usage("okr.checkin", "checkin", "okr.help.checkin-form"),
            new Usage("okr.list", "list [mine | @member | dept marketing | all] [2026Q4]", "okr.help.list"),
            new Usage("okr.tree", "tree [2026Q4]", "okr.help.tree"),
            new Usage("okr.history", "history KR-1", "okr.help.history"),
            new Usage("okr.align", "align O-2 supports O-1 | align O-2 none", "okr.help.align")));

    private final Okrs okrs;
    private final Team team;
    private final OkrPrompts prompts;

    OkrCommands(Okrs okrs, Team team, OkrPrompts prompts) {
        this.okrs = okrs;
        this.team = team;
        this.prompts = prompts;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(Context ctx, Args args) {
        Member me = team.member(ctx.speaker().memberId());
        if (!args.hasMore()) {
            list(ctx, me, args.forUsage("okr.list"));
            return;
        }
        String sub = args.subcommand("okr", "objective", "kr", "checkin", "list", "tree", "history", "align");
        Args a = args.forUsage("okr." + sub);
        switch (sub) {
            case "objective" -> createObjective(ctx, me, a);
            case "kr" -> createKeyResult(ctx, me, a);
            case "checkin" -> checkIn(ctx, me, a);
            case "list" -> list(ctx, me, a);
            case "tree" -> tree(ctx, me, a);
            case "history" -> history(ctx, me, a);
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
            lines.add(ctx.t("okr.objective.supports", parent.ref(), parent.title(),
                    okrs.departmentName(parent.departmentId())));
        }
        lines.add(ctx.t("okr.objective.next", o.ref()));
        ctx.reply(new Reply.Card(ctx.t("okr.objective.created", o.ref(), o.title(), o.period()), lines,
                List.of(), List.of(), null));
    }

    private void createKeyResult(Context ctx, Member me, Args args) {
        Objective o = okrs.requireObjective(me.workspace(), args.word("okr.error.objective-missing"), "okr.kr");
        String title = args.phrase("okr.error.title-missing", OPTION_WORDS);
        Args.Number from = null;
        Args.Number to = null;
        String unit = null;
        Member owner = team.member(o.ownerId());
        while (args.hasMore()) {
            String opt = args.take("from", "to", "unit", "owner")
                    .orElseThrow(() -> args.fail("error.unexpected", args.peek().orElseThrow().text()));
            switch (opt) {
                case "from" -> from = args.number("okr.error.from-missing", "okr.error.bad-number");
                case "to" -> to = args.number("okr.error.to-missing", "okr.error.bad-number");
                case "unit" -> unit = args.phrase("okr.error.unit-missing", OPTION_WORDS);
                default -> owner = team.mentioned(me, args.next("error.mention-missing"), "okr.kr");
            }
        }
        if (from == null || to == null) {
            throw args.fail("okr.error.from-to-missing");
        }
        if (from.value().compareTo(to.value()) == 0) {
            throw args.fail("okr.error.start-equals-target");
        }
        if (unit == null && (from.percent() || to.percent())) {
            unit = "%";
        }
        if (!okrs.mayUpdate(me, o.ownerId())) {
            throw new UsageException(null, "okr.error.not-allowed-kr", o.ref(),
                    team.member(o.ownerId()).displayName());
        }
        if (owner.id() != o.ownerId() && !team.canManage(me, owner)) {
            throw new UsageException(null, "okr.error.not-allowed-owner", owner.displayName());
        }
        KeyResult kr = okrs.keyResults().save(KeyResult.create(o.id(), owner.id(), title, from.value(), to.value(),
                Okrs.normaliseUnit(unit)));
        ctx.reply(ctx.t("okr.kr.created", kr.ref(), kr.title(), o.ref(), OkrFormat.value(kr.startValue(), kr.unit()),
                OkrFormat.value(kr.targetValue(), kr.unit()), owner.displayName()));
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
                okrs.departmentName(parent.departmentId())));
    }

    // ---- check-ins ----------------------------------------------------------------------------------------------

    private void checkIn(Context ctx, Member me, Args args) {
        if (!args.hasMore()) {
            startCheckIn(ctx, me, null);
            return;
        }
        KeyResult kr = okrs.requireKeyResultToCheckIn(me, args.word("okr.error.kr-missing"), "okr.checkin");
        TypedCheckIn typed = TypedCheckIn.rest(args);
        recordCheckIn(ctx, me, kr, typed.value(), typed.confidence(), typed.note(), typed.blocker());
    }

    /** What a typed check-in says after its key result: {@code 72 [confidence 7] ["note"] [blocker "text"]}. */
    record TypedCheckIn(BigDecimal value, Integer confidence, String note, String blocker) {

        /** Reads the rest of {@code args}; bad input throws the {@link UsageException} that tells how to fix it. */
        static TypedCheckIn rest(Args args) {
            Args.Number value = args.number("okr.error.value-missing", "okr.error.bad-number");
            Integer confidence = null;
            String note = null;
            String blocker = null;
            while (args.hasMore()) {
                Token next = args.peek().orElseThrow();
                if (next.kind() == Token.Kind.QUOTED && note == null) {
                    note = args.next("okr.error.note-missing").text();
                    continue;
                }
                String opt = args.take("confidence", "conf", "c", "信心", "note", "blocker", "阻碍")
                        .orElseThrow(() -> args.fail("error.unexpected", next.text()));
                switch (opt) {
                    case "note" -> note = args.phrase("okr.error.note-missing", OPTION_WORDS);
                    case "blocker", "阻碍" -> blocker = args.phrase("okr.error.blocker-missing", OPTION_WORDS);
                    default -> confidence = args.integer("okr.error.confidence-missing", "okr.error.bad-confidence",
                            1, 10);
                }
            }
            return new TypedCheckIn(value.value(), confidence, note, blocker);
        }
    }

    private void recordCheckIn(Context ctx, Member me, KeyResult read, BigDecimal value, Integer confidence,
            String note, String blocker) {
        KeyResult kr = okrs.forUpdate(read);
        CheckIn done = okrs.checkIn(me, kr, value, confidence, note, blocker, ctx.instant(), ctx.texts(),
                ctx::send);
        Member owner = team.member(kr.ownerId());
        List<KeyResult> open = owner.id() == me.id() ? prompts.missingThisWeek(owner, ctx.instant()) : List.of();
        ctx.reply(checkedIn(ctx, kr, done, open));
    }

    /** The answer to a check-in: the key result's move, the note and blocker, what the owner has still to check in. */
    static Reply.Text checkedIn(Context ctx, KeyResult kr, CheckIn c, List<KeyResult> stillOpen) {
        List<String> lines = new ArrayList<>();
        lines.add(ctx.t("okr.checkin.done", kr.ref(), kr.title(), OkrFormat.number(c.previousValue()),
                OkrFormat.value(c.value(), kr.unit()), OkrFormat.value(kr.targetValue(), kr.unit()),
                kr.progressPercent(), c.confidence()));
        if (c.note() != null) {
            lines.add(ctx.t("okr.checkin.note", c.note()));
        }
        if (c.blocker() != null) {
            lines.add(ctx.t("okr.checkin.blocker", c.blocker()));
        }
        if (!stillOpen.isEmpty()) {
            lines.add(ctx.t("okr.checkin.still-open",
                    String.join(", ", stillOpen.stream().map(KeyResult::ref).toList())));
        }
        return new Reply.Text(String.join("\n", lines));
    }

    /** No arguments: a form where the platform can show one, otherwise a typed dialog. */
    private void startCheckIn(Context ctx, Member me, Long preselect) {
        List<KeyResult> mine = okrs.activeKeyResults(me, ctx.now().toLocalDate());
        if (mine.isEmpty()) {
            throw new UsageException(null, "okr.error.no-krs");
        }
        if (ctx.origin().triggerId() != null) {
            ctx.openForm(checkInForm(ctx, mine, preselect));
            return;
        }
        if (mine.size() == 1) {
            KeyResult kr = mine.get(0);
            ctx.startDialog("okr", "value", Map.of("kr", String.valueOf(kr.id())));
            ctx.reply(ctx.t("okr.dialog.ask-value", OkrFormat.keyResultLine(ctx.texts(), kr)));
            return;
        }
        Map<String, String> choices = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < mine.size(); i++) {
            choices.put("choice" + (i + 1), String.valueOf(mine.get(i).id()));
            lines.add((i + 1) + ") " + OkrFormat.keyResultLine(ctx.texts(), mine.get(i)));
        }
        ctx.startDialog("okr", "kr", choices);
        ctx.reply(ctx.t("okr.dialog.ask-kr", String.join("\n", lines)));
    }

    private Reply.Form checkInForm(Context ctx, List<KeyResult> mine, Long preselect) {
        List<Reply.Option> krOptions = mine.stream()
                .map(kr -> new Reply.Option(String.valueOf(kr.id()), kr.ref() + " " + kr.title()))
                .toList();
        KeyResult initial = mine.stream().filter(kr -> preselect != null && kr.id() == preselect).findFirst()
                .orElse(mine.get(0));
        List<Reply.Option> confidence = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            confidence.add(new Reply.Option(String.valueOf(i), i + "/10"));
        }
        return new Reply.Form(FORM_CHECKIN, ctx.t("okr.form.title"), ctx.t("okr.form.submit"), List.of(
                new Reply.FormField("kr", ctx.t("okr.form.kr"), Reply.FormField.Kind.SELECT, false,
                        String.valueOf(initial.id()), krOptions, null),
                new Reply.FormField("value", ctx.t("okr.form.value"), Reply.FormField.Kind.NUMBER, false, null,
                        List.of(), ctx.t("okr.form.value-hint")),
                new Reply.FormField("confidence", ctx.t("okr.form.confidence"), Reply.FormField.Kind.SELECT, false,
                        String.valueOf(initial.confidence()), confidence, null),
                new Reply.FormField("note", ctx.t("okr.form.note"), Reply.FormField.Kind.MULTILINE, true, null,
                        List.of(), null),
                new Reply.FormField("blocker", ctx.t("okr.form.blocker"), Reply.FormField.Kind.MULTILINE, true,
                        null, List.of(), null)), "");
    }

    @Override
    public void onForm(Context ctx, Inbound.FormSubmission form) {
        if (!FORM_CHECKIN.equals(form.formId())) {
            throw new UsageException(null, "error.unknown-action");
        }
        Member me = team.member(ctx.speaker().memberId());
        Map<String, String> errors = new HashMap<>();
        Optional<KeyResult> kr = Optional.ofNullable(form.values().get("kr"))
                .flatMap(ref -> okrs.keyResultToCheckIn(me.workspace(), ref));
        if (kr.isEmpty()) {
            errors.put("kr", ctx.t("okr.form.error.kr"));
        }
        Optional<Args.Number> value = Optional.ofNullable(form.values().get("value")).map(String::strip)
                .flatMap(Args::parseNumber);
        if (value.isEmpty()) {
            errors.put("value", ctx.t("okr.form.error.value"));
        }
        Integer confidence = null;
        try {
            confidence = Integer.valueOf(form.values().getOrDefault("confidence", ""));
        } catch (NumberFormatException e) {
            errors.put("confidence", ctx.t("okr.form.error.confidence"));
        }
        if (!errors.isEmpty()) {
            ctx.formErrors(errors);
            return;
        }
        recordCheckIn(ctx, me, kr.get(), value.get().value(), confidence, form.values().get("note"),
                form.values().get("blocker"));
    }

    @Override
    public void onButton(Context ctx, Inbound.ButtonAction action) {
        Member me = team.member(ctx.speaker().memberId());
        if (ACTION_SNOOZE.equals(action.actionId())) {
            ZonedDateTime until = prompts.snooze(me, ctx.instant(), Duration.ofDays(1));
            ctx.update(new Reply.Text(ctx.t("okr.prompt.snoozed",
                    until.format(DateTimeFormatter.ofPattern(ctx.t("format.datetime"), ctx.texts().locale())))));
            return;
        }
        if (ACTION_OPEN.equals(action.actionId())) {
            Long preselect = action.value() == null || action.value().isBlank() ? null : Long.valueOf(action.value());
            startCheckIn(ctx, me, preselect);
            return;
        }
        throw new UsageException(null, "error.unknown-action");
    }

    @Override
    public void onDialog(Context ctx, Dialog dialog, String text) {
        Member me = team.member(ctx.speaker().memberId());
        String answer = text.strip();
        if (answer.equalsIgnoreCase("cancel") || answer.equals("取消")) {
            ctx.endDialog();
            ctx.reply(ctx.t("okr.dialog.cancelled"));
            return;
        }
        switch (dialog.step()) {
            case "kr" -> {
                String id = dialog.value("choice" + answer);
                Optional<KeyResult> kr = id != null ? okrs.keyResults().findById(Long.valueOf(id))
                        : okrs.keyResult(me.workspace(), answer).filter(k -> k.ownerId() == me.id());
                if (kr.isEmpty()) {
                    ctx.reply(ctx.t("okr.dialog.bad-kr", answer));
                    return;
                }
                ctx.advanceDialog(dialog, "value", Map.of("kr", String.valueOf(kr.get().id())));
                ctx.reply(ctx.t("okr.dialog.ask-value", OkrFormat.keyResultLine(ctx.texts(), kr.get())));
            }
            case "value" -> {
                Optional<Args.Number> value = Args.parseNumber(answer);
                if (value.isEmpty()) {
                    ctx.reply(ctx.t("okr.dialog.bad-value", answer));
                    return;
                }
                ctx.advanceDialog(dialog, "confidence", Map.of("value", value.get().value().toPlainString()));
                ctx.reply(ctx.t("okr.dialog.ask-confidence"));
            }
            case "confidence" -> {
                int confidence;
                try {
                    confidence = Integer.parseInt(answer);
                } catch (NumberFormatException e) {
                    confidence = 0;
                }
                if (confidence < 1 || confidence > 10) {
                    ctx.reply(ctx.t("okr.dialog.bad-confidence", answer));
                    return;
                }
                ctx.advanceDialog(dialog, "note", Map.of("confidence", String.valueOf(confidence)));
                ctx.reply(ctx.t("okr.dialog.ask-note"));
            }
            default -> {
                String note = answer.equalsIgnoreCase("skip") || answer.equals("跳过") ? null : answer;
                KeyResult kr = okrs.keyResults().findById(Long.valueOf(dialog.value("kr"))).orElseThrow();
                ctx.endDialog();
                recordCheckIn(ctx, me, kr, new BigDecimal(dialog.value("value")),
                        Integer.valueOf(dialog.value("confidence")), note, null);
            }
        }
    }

    // ---- views --------------------------------------------------------------------------------------------------

    private void list(Context ctx, Member me, Args args) {
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

    private String objectiveLine(Context ctx, Objective o) {
        List<KeyResult> krs = okrs.keyResults().findByObjectiveIdOrderById(o.id());
        String dept = okrs.departmentName(o.departmentId());
        String line = ctx.t("okr.objective.line", o.ref(), o.title(), team.member(o.ownerId()).displayName(),
                dept.isEmpty() ? "—" : dept, OkrFormat.averageProgress(krs));
        if (o.parentId() != null) {
            line += " · " + ctx.t("okr.objective.supports-short", "O-" + o.parentId());
        }
        return line;
    }

    private void tree(Context ctx, Member me, Args args) {
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

    private void addTree(Context ctx, Objective o, Map<Long, List<Objective>> children, int depth,
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

    private void history(Context ctx, Member me, Args args) {
        KeyResult kr = okrs.requireKeyResult(me, args.word("okr.error.kr-missing"), "okr.history");
        args.expectEnd();
        List<CheckIn> all = okrs.checkIns().findByKeyResultIdOrderById(kr.id());
        if (all.isEmpty()) {
            ctx.reply(ctx.t("okr.history.empty", kr.ref(), kr.title()));
            return;
        }
        List<CheckIn> shown = all.subList(Math.max(0, all.size() - HISTORY_SHOWN), all.size());
        DateTimeFormatter day = DateTimeFormatter.ofPattern(ctx.t("format.date"), ctx.texts().locale());
        List<String> lines = new ArrayList<>();
        for (CheckIn c : shown) {
            LocalDate date = c.createdAt().atZone(ctx.speaker().zone()).toLocalDate();
            String line = ctx.t("okr.history.line", date.format(day), OkrFormat.number(c.previousValue()),
                    OkrFormat.value(c.value(), kr.unit()), c.confidence());
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
