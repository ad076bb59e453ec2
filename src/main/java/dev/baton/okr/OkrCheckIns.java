package dev.baton.okr;

import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Dialog;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Token;
import dev.baton.conversation.UsageException;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** Check-ins on a key result: typed in full, through the form, or question by question in a DM. */
@Component
class OkrCheckIns {

    private static final Pattern VALUE = Pattern.compile("[-+]?[0-9０-９.,．，%％]+");

    private final Okrs okrs;
    private final Team team;
    private final OkrPrompts prompts;

    OkrCheckIns(Okrs okrs, Team team, OkrPrompts prompts) {
        this.okrs = okrs;
        this.team = team;
        this.prompts = prompts;
    }

    void checkIn(Context ctx, Member me, Args args) {
        if (!args.hasMore()) {
            startCheckIn(ctx, me, null);
            return;
        }
        String ref = args.word("okr.error.kr-missing");
        List<KeyResult> mine = okrs.activeKeyResultsForUpdate(me, ctx.now().toLocalDate());
        KeyResult kr = Okrs.named(mine, ref).orElseGet(() -> okrs.requireKeyResultToCheckIn(me, ref, "okr.checkin"));
        // a measured key result has its value: a check-in on it may give only the confidence and a note
        boolean valueGiven = args.peek().map(t -> t.kind() == Token.Kind.WORD
                && VALUE.matcher(t.text()).matches()).orElse(false);
        TypedCheckIn typed = kr.measure().isPresent() && !valueGiven
                ? TypedCheckIn.rest(args, kr.currentValue()) : TypedCheckIn.rest(args, null);
        recordCheckIn(ctx, me, mine, kr, typed.value(), typed.confidence(), typed.note(), typed.blocker());
    }

    /** What a typed check-in says after its key result: {@code 72 [confidence 7] ["note"] [blocker "text"]}. */
    record TypedCheckIn(BigDecimal value, Integer confidence, String note, String blocker) {

        /**
         * Reads the rest of {@code args}; bad input throws the {@link UsageException} that tells how to fix it.
         * {@code measured}: the value when none is typed (a measured key result), else null.
         */
        static TypedCheckIn rest(Args args, BigDecimal measured) {
            Args.Number value = measured != null ? new Args.Number(measured, false)
                    : args.number("okr.error.value-missing", "okr.error.bad-number");
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
                    case "note" -> note = args.phrase("okr.error.note-missing", OkrCommands.OPTION_WORDS);
                    case "blocker", "阻碍" -> blocker = args.phrase("okr.error.blocker-missing", OkrCommands.OPTION_WORDS);
                    default -> confidence = args.integer("okr.error.confidence-missing", "okr.error.bad-confidence",
                            1, 10);
                }
            }
            return new TypedCheckIn(value.value(), confidence, note, blocker);
        }
    }

    /**
     * {@code mine} are the member's active key results and {@code kr} the one checked in on, all read locked
     * ({@link Okrs#activeKeyResultsForUpdate}, or {@code kr} on its own when it is not among them): the check-in starts
     * from its current value, two people checking in on it at once take turns instead of one failing, and what is
     * still open is told from the same rows.
     */
    void recordCheckIn(Context ctx, Member me, List<KeyResult> mine, KeyResult kr, BigDecimal value,
            Integer confidence, String note, String blocker) {
        CheckIn done = okrs.checkIn(me, kr, value, confidence, note, blocker, ctx.instant(), ctx.texts(),
                ctx::send);
        // what is still open is the owner's own business: told only when they check in themselves
        List<KeyResult> open = kr.ownerId() == me.id() ? prompts.stillOpenThisWeek(me, mine, ctx.instant())
                : List.of();
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

    /**
     * No arguments: a form where the platform can show one (or asks its questions), otherwise — and always for a
     * check-in typed as plain text — a typed dialog.
     */
    void startCheckIn(Context ctx, Member me, Long preselect) {
        List<KeyResult> mine = okrs.activeKeyResults(me, ctx.now().toLocalDate());
        if (mine.isEmpty()) {
            throw new UsageException(null, "okr.error.no-krs");
        }
        if (ctx.origin().triggerId() != null && !(ctx.inbound() instanceof dev.baton.conversation.Inbound.Message)) {
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

    Reply.Form checkInForm(Context ctx, List<KeyResult> mine, Long preselect) {
        List<Reply.Option> krOptions = mine.stream()
                .map(kr -> new Reply.Option(String.valueOf(kr.id()), kr.ref() + " " + kr.title()))
                .toList();
        KeyResult initial = mine.stream().filter(kr -> preselect != null && kr.id() == preselect).findFirst()
                .orElse(mine.get(0));
        List<Reply.Option> confidence = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            confidence.add(new Reply.Option(String.valueOf(i), i + "/10"));
        }
        return new Reply.Form(OkrCommands.FORM_CHECKIN, ctx.t("okr.form.title"), ctx.t("okr.form.submit"), List.of(
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

    void onForm(Context ctx, Inbound.FormSubmission form) {
        if (!OkrCommands.FORM_CHECKIN.equals(form.formId())) {
            throw new UsageException(null, "error.unknown-action");
        }
        Member me = team.member(ctx.speaker().memberId());
        Map<String, String> errors = new HashMap<>();
        List<KeyResult> mine = okrs.activeKeyResultsForUpdate(me, ctx.now().toLocalDate());
        // the form's choice is the key result's id (checkInForm), not the number people type
        Optional<KeyResult> kr = Optional.ofNullable(form.values().get("kr")).flatMap(OkrCheckIns::id)
                .flatMap(id -> chosen(me, mine, id));
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
        recordCheckIn(ctx, me, mine, kr.get(), value.get().value(), confidence, form.values().get("note"),
                form.values().get("blocker"));
    }

    /** The key result a form or a dialog chose by its id: among the member's own, else locked on its own. */
    private Optional<KeyResult> chosen(Member me, List<KeyResult> mine, long id) {
        return mine.stream().filter(kr -> kr.id() == id).findFirst()
                .or(() -> okrs.keyResults().findByIdInWorkspaceForUpdate(id, me.workspace()));
    }

    private static Optional<Long> id(String value) {
        try {
            return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    void onButton(Context ctx, Inbound.ButtonAction action) {
        Member me = team.member(ctx.speaker().memberId());
        if (OkrCommands.ACTION_SNOOZE.equals(action.actionId())) {
            ZonedDateTime until = prompts.snooze(me, ctx.instant(), Duration.ofDays(1));
            ctx.update(new Reply.Text(ctx.t("okr.prompt.snoozed",
                    until.format(DateTimeFormatter.ofPattern(ctx.t("format.datetime"), ctx.texts().locale())))));
            return;
        }
        if (OkrCommands.ACTION_OPEN.equals(action.actionId())) {
            Long preselect = action.value() == null || action.value().isBlank() ? null : Long.valueOf(action.value());
            startCheckIn(ctx, me, preselect);
            return;
        }
        throw new UsageException(null, "error.unknown-action");
    }

    void onDialog(Context ctx, Dialog dialog, String text) {
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
                List<KeyResult> mine = okrs.activeKeyResultsForUpdate(me, ctx.now().toLocalDate());
                KeyResult kr = chosen(me, mine, Long.parseLong(dialog.value("kr"))).orElseThrow();
                ctx.endDialog();
                recordCheckIn(ctx, me, mine, kr, new BigDecimal(dialog.value("value")),
                        Integer.valueOf(dialog.value("confidence")), note, null);
            }
        }
    }
}
