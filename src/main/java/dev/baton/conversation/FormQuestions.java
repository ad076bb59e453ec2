package dev.baton.conversation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * A form asked one question at a time, where the platform has no forms (Telegram): the person answers each field in
 * their own chat with Baton — typing, or pressing a choice, Skip or Keep — and when the last is answered the form
 * is submitted to its feature exactly as a Slack modal would be. A field the feature sends back (its error) is asked
 * again with the problem; the other answers are kept. Nothing is saved before the last answer; {@code /cancel}
 * stops. The form waits in a {@link Dialog} of its own (one per person), so any replica takes the next answer.
 */
final class FormQuestions {

    static final String PREFIX = "form.";
    static final String PICK = "form.pick";
    static final String SKIP = "form.skip";
    static final String KEEP = "form.keep";
    static final String CANCEL = "form.cancel";
    private static final String KIND = "form";
    /** A choice per button up to this many; longer lists are typed (by number or name). */
    private static final int MAX_CHOICE_BUTTONS = 12;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FormQuestions() {
    }

    private static String key(Origin o) {
        return o.workspace() + "|form|" + o.userId();
    }

    /** Whether a platform asks forms this way: its adapters mark every inbound's trigger so. */
    static boolean asks(Origin o) {
        return Origin.ASK.equals(o.triggerId());
    }

    static Optional<Dialog> open(Context ctx) {
        return ctx.dialogs().findByDialogKey(key(ctx.origin())).filter(d -> KIND.equals(d.kind()))
                .filter(d -> !d.expired(ctx.instant()));
    }

    static void start(Context ctx, Reply.Form form) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("form", JSON.writeValueAsString(form));
        values.put("channel", ctx.origin().channelId() == null ? "" : ctx.origin().channelId());
        values.put("direct", String.valueOf(ctx.origin().direct()));
        values.put("redo", "");
        Dialog dialog = ctx.dialogs().findByDialogKey(key(ctx.origin())).map(d -> {
            d.restart(KIND, "0", values, ctx.instant().plus(Context.DIALOG_TTL));
            return d;
        }).orElseGet(() -> Dialog.start(key(ctx.origin()), KIND, "0", values,
                ctx.instant().plus(Context.DIALOG_TTL)));
        ctx.dialogs().save(dialog);
        ask(ctx, form, 0, null);
    }

    private static Reply.Form form(Dialog d) {
        return JSON.readValue(d.value("form"), Reply.Form.class);
    }

    /** A typed answer to the question asked last; a submission when it was the last one. */
    static Optional<Inbound.FormSubmission> answer(Context ctx, Dialog dialog, String text) {
        Reply.Form form = form(dialog);
        int i = Integer.parseInt(dialog.step());
        Reply.FormField field = form.fields().get(i);
        String typed = text.strip();
        String value;
        if (field.optional() && (typed.equals("-") || typed.equalsIgnoreCase("skip") || typed.equals("跳过"))) {
            value = "";
        } else if (field.kind() == Reply.FormField.Kind.SELECT) {
            Optional<String> chosen = choice(field, typed);
            if (chosen.isEmpty()) {
                ask(ctx, form, i, ctx.t("form.error.choice", typed));
                return Optional.empty();
            }
            value = chosen.get();
        } else if (field.kind() == Reply.FormField.Kind.CHOICES) {
            List<String> chosen = new ArrayList<>();
            for (String part : typed.split("[,;，；、\\s]+")) {
                Optional<String> one = part.isEmpty() ? Optional.empty() : choice(field, part);
                if (one.isEmpty()) {
                    ask(ctx, form, i, ctx.t("form.error.choices", part.isEmpty() ? typed : part));
                    return Optional.empty();
                }
                if (!chosen.contains(one.get())) {
                    chosen.add(one.get());
                }
            }
            value = String.join(" ", chosen);
        } else if (!typed.isEmpty() && (field.kind() == Reply.FormField.Kind.PERSON
                || field.kind() == Reply.FormField.Kind.PEOPLE)) {
            Optional<String> people = people(field, typed);
            if (people.isEmpty()) {
                ask(ctx, form, i, ctx.t("form.error.person", typed));
                return Optional.empty();
            }
            value = people.get();
        } else if (typed.isEmpty()) {
            ask(ctx, form, i, ctx.t("form.error.empty"));
            return Optional.empty();
        } else {
            value = typed;
        }
        return next(ctx, dialog, form, i, value);
    }

    /** A press of Skip, Keep, a choice, or Cancel on a question. */
    static Optional<Inbound.FormSubmission> click(Context ctx, Inbound.ButtonAction b) {
        Optional<Dialog> open = open(ctx);
        if (b.actionId().equals(CANCEL)) {
            cancel(ctx);
            return Optional.empty();
        }
        String[] parts = b.value().split("\\|", 2);
        if (open.isEmpty() || !parts[0].equals(open.get().step())) {
            // an earlier question's button, or one of a form given up on
            ctx.reply(ctx.t(open.isEmpty() ? "form.error.closed" : "form.error.answered"));
            return Optional.empty();
        }
        Dialog dialog = open.get();
        Reply.Form form = form(dialog);
        int i = Integer.parseInt(dialog.step());
        Reply.FormField field = form.fields().get(i);
        String value = switch (b.actionId()) {
            case PICK -> parts.length > 1 ? parts[1] : "";
            case KEEP -> field.kind() == Reply.FormField.Kind.PERSON || field.kind() == Reply.FormField.Kind.PEOPLE
                    ? "<@" + field.initial() + ">" : field.initial();
            default -> "";
        };
        return next(ctx, dialog, form, i, value == null ? "" : value);
    }

    /** Stops the open form, or else a typed conversation in this chat (a check-in answered step by step). */
    static void cancel(Context ctx) {
        Optional<Dialog> open = open(ctx).or(ctx::dialog);
        open.ifPresent(ctx.dialogs()::delete);
        ctx.reply(ctx.t(open.isPresent() ? "form.cancelled" : "form.nothing-to-cancel"));
    }

    /** Keeps the answer and asks the next question; the whole form once none is left. */
    private static Optional<Inbound.FormSubmission> next(Context ctx, Dialog dialog, Reply.Form form, int i,
            String value) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("v:" + form.fields().get(i).name(), value);
        List<String> redo = new ArrayList<>(List.of(dialog.value("redo").split(",")));
        redo.removeIf(String::isBlank);
        int following;
        if (!redo.isEmpty()) {
            following = Integer.parseInt(redo.remove(0));
        } else if (dialog.value("submitted") == null && i + 1 < form.fields().size()) {
            following = i + 1;
        } else {
            following = -1;
        }
        values.put("redo", String.join(",", redo));
        if (following >= 0) {
            ctx.advanceDialog(dialog, String.valueOf(following), values);
            ask(ctx, form, following, null);
            return Optional.empty();
        }
        values.put("submitted", "true");
        ctx.advanceDialog(dialog, String.valueOf(i), values);
        Map<String, String> answers = new LinkedHashMap<>();
        dialog.values().forEach((k, v) -> {
            if (k.startsWith("v:")) {
                answers.put(k.substring(2), v);
            }
        });
        Origin o = ctx.origin();
        Origin started = new Origin(o.platform(), o.workspace(), dialog.value("channel").isEmpty() ? null
                : dialog.value("channel"), o.userId(), Boolean.parseBoolean(dialog.value("direct")), null, Origin.ASK);
        return Optional.of(new Inbound.FormSubmission(started, form.formId(), answers, form.metadata()));
    }

    /** After the feature took the form: done, or the fields it sent back asked again with their problems. */
    static void submitted(Context ctx, Optional<Reply.FormErrors> errors) {
        Optional<Dialog> open = open(ctx);
        if (open.isEmpty()) {
            return;
        }
        if (errors.isEmpty() || errors.get().errors().isEmpty()) {
            ctx.dialogs().delete(open.get());
            return;
        }
        Reply.Form form = form(open.get());
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < form.fields().size(); i++) {
            if (errors.get().errors().containsKey(form.fields().get(i).name())) {
                wrong.add(i);
            }
        }
        if (wrong.isEmpty()) {
            ctx.dialogs().delete(open.get());
            errors.get().errors().values().forEach(ctx::reply);
            return;
        }
        int first = wrong.remove(0);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("redo", String.join(",", wrong.stream().map(String::valueOf).toList()));
        ctx.advanceDialog(open.get(), String.valueOf(first), values);
        ask(ctx, form, first, errors.get().errors().get(form.fields().get(first).name()));
    }

    /**
     * The people a typed answer names, as a person picker answers ({@code <@id> <@id>}): mentions the platform
     * already made, or names ({@code @carol}, {@code carol}) of the people the field offers. Empty when a name is
     * nobody's, or a single-person field got several.
     */
    private static Optional<String> people(Reply.FormField field, String typed) {
        Optional<String> whole = person(field, typed);
        if (whole.isPresent()) {
            return whole;
        }
        List<String> found = new ArrayList<>();
        for (Token t : Tokenizer.tokenize(typed)) {
            Optional<String> one = t.kind() == Token.Kind.MENTION && t.id() != null ? Optional.of("<@" + t.id() + ">")
                    : person(field, t.text());
            if (one.isEmpty()) {
                return Optional.empty();
            }
            found.add(one.get());
        }
        if (found.isEmpty() || field.kind() == Reply.FormField.Kind.PERSON && found.size() > 1) {
            return Optional.empty();
        }
        return Optional.of(String.join(" ", found));
    }

    private static Optional<String> person(Reply.FormField field, String name) {
        String n = name.strip().replaceFirst("^[@＠]", "").replaceAll("[,，、]$", "").strip();
        return field.options().stream().filter(o -> o.label().equalsIgnoreCase(n)).map(o -> "<@" + o.value() + ">")
                .findFirst();
    }

    private static Optional<String> choice(Reply.FormField field, String typed) {
        String t = java.text.Normalizer.normalize(Tokenizer.readable(typed), java.text.Normalizer.Form.NFKC).strip()
                .toLowerCase(Locale.ROOT);
        List<Reply.Option> options = field.options();
        // a value first: on a 0–10 scale "9" is the option 9, not the ninth option
        for (Reply.Option o : options) {
            if (o.value().toLowerCase(Locale.ROOT).equals(t)) {
                return Optional.of(o.value());
            }
        }
        if (t.matches("\\d{1,3}")) {
            int n = Integer.parseInt(t);
            return n >= 1 && n <= options.size() ? Optional.of(options.get(n - 1).value()) : Optional.empty();
        }
        for (Reply.Option o : options) {
            if (o.label().toLowerCase(Locale.ROOT).equals(t) || o.value().toLowerCase(Locale.ROOT).equals(t)) {
                return Optional.of(o.value());
            }
        }
        return Optional.empty();
    }

    private static void ask(Context ctx, Reply.Form form, int i, String problem) {
        Reply.FormField f = form.fields().get(i);
        List<String> lines = new ArrayList<>();
        if (problem != null) {
            lines.add(ctx.t("form.problem", problem));
        }
        lines.add(f.label() + (f.optional() ? " " + ctx.t("form.optional") : ""));
        if (f.hint() != null && !f.hint().isBlank()) {
            lines.add(f.hint());
        }
        List<Reply.Button> buttons = new ArrayList<>();
        String step = String.valueOf(i);
        switch (f.kind()) {
            case SELECT -> {
                if (f.options().size() <= MAX_CHOICE_BUTTONS) {
                    lines.add(ctx.t("form.ask.select"));
                    for (Reply.Option o : f.options()) {
                        buttons.add(new Reply.Button(o.label(), PICK, step + "|" + o.value(),
                                Reply.Button.Style.DEFAULT));
                    }
                } else {
                    List<String> numbered = new ArrayList<>();
                    for (int n = 0; n < f.options().size(); n++) {
                        numbered.add((n + 1) + ". " + f.options().get(n).label());
                    }
                    lines.addAll(numbered);
                    lines.add(ctx.t("form.ask.number"));
                }
            }
            case CHOICES -> {
                for (int n = 0; n < f.options().size(); n++) {
                    lines.add((n + 1) + ". " + f.options().get(n).label());
                }
                lines.add(ctx.t("form.ask.numbers"));
            }
            case PERSON -> lines.add(ctx.t("form.ask.person"));
            case PEOPLE -> lines.add(ctx.t("form.ask.people"));
            case NUMBER -> lines.add(ctx.t("form.ask.number-value"));
            default -> lines.add(ctx.t("form.ask.text"));
        }
        if (f.initial() != null && !f.initial().isBlank()) {
            boolean person = f.kind() == Reply.FormField.Kind.PERSON || f.kind() == Reply.FormField.Kind.PEOPLE;
            // a choice and a person by their names where the form lists them (a person's initial is their id)
            String shown = f.options().stream().filter(o -> o.value().equals(f.initial())).map(Reply.Option::label)
                    .findFirst().orElse(person ? ctx.t("form.someone") : f.initial());
            lines.add(ctx.t("form.now", shown));
            buttons.add(new Reply.Button(ctx.t("form.keep"), KEEP, step, Reply.Button.Style.PRIMARY));
        }
        if (f.optional()) {
            buttons.add(new Reply.Button(ctx.t("form.skip"), SKIP, step, Reply.Button.Style.DEFAULT));
        }
        buttons.add(new Reply.Button(ctx.t("form.cancel"), CANCEL, "", Reply.Button.Style.DANGER));
        ctx.reply(new Reply.Card(ctx.t("form.question", form.title(), i + 1, form.fields().size()), lines,
                List.of(), buttons, ctx.t("form.footer")));
    }
}
