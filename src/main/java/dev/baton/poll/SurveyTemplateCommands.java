package dev.baton.poll;

import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.conversation.UsageException;
import dev.baton.team.Member;
import dev.baton.team.Role;
import dev.baton.team.Team;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * {@code /survey template …}: the team's questionnaire and quiz templates, designed by text spec
 * ({@link QuestionSpec}) or in a form, then added to, reordered, trimmed, copied and archived. Trainers, managers
 * and admins use them; only a template's owner or an admin changes it.
 */
@Component
class SurveyTemplateCommands {

    static final String FORM = "survey.template-form";
    static final int MAX_NAME = 100;

    private final SurveyTemplates templates;
    private final Team team;

    SurveyTemplateCommands(SurveyTemplates templates, Team team) {
        this.templates = templates;
        this.team = team;
    }

    void handle(Context ctx, Member me, Args args) {
        requireTrainer(me);
        if (!args.hasMore()) {
            list(ctx, me);
            return;
        }
        String sub = args.subcommand("survey template", "new", "add", "move", "remove", "show", "list", "copy",
                "edit", "delete");
        Args a = args.forUsage("survey.template." + sub);
        switch (sub) {
            case "new" -> create(ctx, me, a);
            case "add" -> {
                SurveyTemplate tpl = owned(me, a);
                List<Question> questions = new ArrayList<>(tpl.questions());
                questions.addAll(QuestionSpec.parse(a, tpl.quiz(), questions.size() + 1));
                revise(ctx, a, tpl, questions);
            }
            case "move" -> {
                SurveyTemplate tpl = owned(me, a);
                List<Question> questions = new ArrayList<>(tpl.questions());
                int from = a.integer("template.error.position", "template.error.bad-position", 1, questions.size());
                int to = a.integer("template.error.position", "template.error.bad-position", 1, questions.size());
                a.expectEnd();
                questions.add(to - 1, questions.remove(from - 1));
                revise(ctx, a, tpl, questions);
            }
            case "remove" -> {
                SurveyTemplate tpl = owned(me, a);
                List<Question> questions = new ArrayList<>(tpl.questions());
                int n = a.integer("template.error.position", "template.error.bad-position", 1, questions.size());
                a.expectEnd();
                if (questions.size() == 1) {
                    throw a.fail("template.error.last-question");
                }
                questions.remove(n - 1);
                revise(ctx, a, tpl, questions);
            }
            case "show" -> {
                Optional<SurveyTemplate> tpl = find(me, a);
                a.expectEnd();
                ctx.reply(tpl.map(x -> show(x, ctx.texts())).orElseGet(() -> showDefault(ctx.texts())));
            }
            case "copy" -> copy(ctx, me, a);
            case "edit" -> {
                SurveyTemplate tpl = owned(me, a);
                a.expectEnd();
                ctx.openForm(form(ctx.texts(), tpl.name(), specOf(tpl.questions()), "edit:" + tpl.id()));
            }
            case "delete" -> {
                SurveyTemplate tpl = owned(me, a);
                a.expectEnd();
                tpl.archive(ctx.instant());
                templates.save(tpl);
                ctx.reply(ctx.t("template.deleted", tpl.ref(), tpl.name()));
            }
            default -> {
                a.expectEnd();
                list(ctx, me);
            }
        }
    }

    private void create(Context ctx, Member me, Args a) {
        boolean quiz = a.take("quiz", "测验", "测试").isPresent();
        if (!a.hasMore()) {
            ctx.openForm(form(ctx.texts(), null, null, quiz ? "new:quiz" : "new:feedback"));
            return;
        }
        String name = a.quoted("template.error.name-missing");
        if (name.length() > MAX_NAME) {
            throw a.fail("template.error.name-long", MAX_NAME);
        }
        List<Question> questions = QuestionSpec.parse(a, quiz, 1);
        QuestionSpec.check(a, questions);
        SurveyTemplate tpl = templates.save(SurveyTemplate.create(me.workspace(), name, quiz, me.id(), questions,
                ctx.instant()));
        ctx.reply(show(tpl, ctx.texts(), ctx.t(quiz ? "template.created.quiz" : "template.created", tpl.ref(),
                tpl.name(), questions.size())));
    }

    private void revise(Context ctx, Args a, SurveyTemplate tpl, List<Question> questions) {
        QuestionSpec.check(a, questions);
        tpl.revise(questions, ctx.instant());
        templates.save(tpl);
        ctx.reply(show(tpl, ctx.texts(), ctx.t("template.revised", tpl.ref(), tpl.revision())));
    }

    private void copy(Context ctx, Member me, Args a) {
        Optional<SurveyTemplate> from = find(me, a);
        String name = a.hasMore() ? a.quoted("template.error.name-missing") : null;
        a.expectEnd();
        String source = from.map(SurveyTemplate::name).orElse(ctx.t("template.default.name"));
        if (name == null) {
            name = ctx.t("template.copy.name", source);
        }
        if (name.length() > MAX_NAME) {
            throw a.fail("template.error.name-long", MAX_NAME);
        }
        // the built-in questions become the copier's own words, in their language, so they can be edited
        List<Question> questions = from.map(SurveyTemplate::questions).orElse(Survey.TRAINING).stream()
                .map(q -> q.text() != null || q.key() == null ? q : new Question(q.type(), q.label(ctx.texts()),
                        null, q.options(), q.low(), q.high(), q.max(), q.correct(), q.points(), q.optional()))
                .toList();
        SurveyTemplate copy = templates.save(SurveyTemplate.create(me.workspace(), name,
                from.map(SurveyTemplate::quiz).orElse(false), me.id(), questions, ctx.instant()));
        ctx.reply(show(copy, ctx.texts(), ctx.t("template.copied", copy.ref(), copy.name(),
                from.map(SurveyTemplate::ref).orElse(ctx.t("template.default.ref")))));
    }

    /** A submitted template form: a new template or new questions for one, or the problems to fix. */
    void onForm(Context ctx, Inbound.FormSubmission form) {
        Member me = team.member(ctx.speaker().memberId());
        requireTrainer(me);
        String name = Optional.ofNullable(form.values().get("name")).map(String::strip).orElse("");
        String spec = Optional.ofNullable(form.values().get("questions")).orElse("");
        String[] target = form.metadata() == null ? new String[0] : form.metadata().split(":", 2);
        if (target.length != 2) {
            throw new UsageException(null, "error.unknown-action");
        }
        SurveyTemplate editing = target[0].equals("edit") ? ownedById(me, Args.actionId(target[1])) : null;
        boolean quiz = editing != null ? editing.quiz() : target[1].equals("quiz");
        Map<String, String> errors = new LinkedHashMap<>();
        if (name.isEmpty()) {
            errors.put("name", ctx.t("template.form.error.name"));
        } else if (name.length() > MAX_NAME) {
            errors.put("name", ctx.t("template.error.name-long", MAX_NAME));
        }
        List<Question> questions = List.of();
        try {
            Args a = Args.of(spec);
            questions = QuestionSpec.parse(a, quiz, 1);
            QuestionSpec.check(a, questions);
        } catch (UsageException e) {
            errors.put("questions", ctx.t(e.key(), e.args()));
        }
        if (!errors.isEmpty()) {
            ctx.formErrors(errors);
            return;
        }
        if (editing != null) {
            editing.rename(name, ctx.instant());
            editing.revise(questions, ctx.instant());
            templates.save(editing);
            ctx.reply(show(editing, ctx.texts(), ctx.t("template.revised", editing.ref(), editing.revision())));
            return;
        }
        SurveyTemplate tpl = templates.save(SurveyTemplate.create(me.workspace(), name, quiz, me.id(), questions,
                ctx.instant()));
        ctx.reply(show(tpl, ctx.texts(), ctx.t(quiz ? "template.created.quiz" : "template.created", tpl.ref(),
                tpl.name(), questions.size())));
    }

    private static Reply.Form form(Texts t, String name, String spec, String metadata) {
        List<Reply.FormField> fields = List.of(
                new Reply.FormField("name", t.t("template.form.name"), Reply.FormField.Kind.TEXT, false, name,
                        List.of(), null),
                new Reply.FormField("questions", t.t("template.form.questions"), Reply.FormField.Kind.MULTILINE,
                        false, spec, List.of(), t.t(metadata.endsWith("quiz") ? "template.form.hint.quiz"
                                : "template.form.hint")));
        return new Reply.Form(FORM, t.t("template.form.title"), t.t("template.form.submit"), fields, metadata);
    }

    static String specOf(List<Question> questions) {
        return String.join("\n", questions.stream().map(QuestionSpec::spec).toList());
    }

    private void list(Context ctx, Member me) {
        List<String> lines = new ArrayList<>();
        lines.add(ctx.t("template.list.default", Survey.TRAINING.size()));
        for (SurveyTemplate tpl : templates.findByWorkspaceAndArchivedFalseOrderByNumber(me.workspace())) {
            lines.add(ctx.t(tpl.quiz() ? "template.list.quiz" : "template.list.line", tpl.ref(), tpl.name(),
                    tpl.questions().size(), tpl.revision(), team.member(tpl.ownerId()).displayName()));
        }
        ctx.reply(new Reply.Card(ctx.t("template.list.title"), lines, List.of(), List.of(),
                ctx.t("template.list.footer")));
    }

    private Reply.Card show(SurveyTemplate tpl, Texts t) {
        return show(tpl, t, null);
    }

    private Reply.Card show(SurveyTemplate tpl, Texts t, String headline) {
        List<String> lines = new ArrayList<>();
        if (headline != null) {
            lines.add(headline);
        }
        List<Question> questions = tpl.questions();
        for (int i = 0; i < questions.size(); i++) {
            lines.add(QuestionSpec.describe(questions.get(i), i + 1, t));
        }
        if (tpl.quiz()) {
            lines.add(t.t("template.total", QuizView.total(questions)));
        }
        return new Reply.Card(t.t(tpl.quiz() ? "template.show.title.quiz" : "template.show.title", tpl.ref(),
                tpl.name(), tpl.revision()), lines, List.of(), List.of(), t.t("template.show.footer", tpl.ref()));
    }

    private static Reply.Card showDefault(Texts t) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < Survey.TRAINING.size(); i++) {
            lines.add(QuestionSpec.describe(Survey.TRAINING.get(i), i + 1, t));
        }
        return new Reply.Card(t.t("template.default.title"), lines, List.of(), List.of(),
                t.t("template.default.footer"));
    }

    /** T-3, or the built-in default (empty); the trainer's own team's only. */
    Optional<SurveyTemplate> find(Member me, Args a) {
        String word = a.peek().map(tok -> tok.text().toLowerCase(java.util.Locale.ROOT)).orElse("");
        if (word.equals("default") || word.equals("默认")) {
            a.next("template.error.ref-missing");
            return Optional.empty();
        }
        long n = a.ref('T', "template.error.ref-missing", "template.error.bad-ref");
        return Optional.of(templates.findByWorkspaceAndNumber(me.workspace(), n).filter(x -> !x.archived())
                .orElseThrow(() -> a.fail("template.error.no-such", "T-" + n)));
    }

    private SurveyTemplate owned(Member me, Args a) {
        SurveyTemplate tpl = find(me, a).orElseThrow(() -> a.fail("template.error.default-fixed"));
        requireOwner(me, tpl);
        return tpl;
    }

    private SurveyTemplate ownedById(Member me, long id) {
        SurveyTemplate tpl = templates.findById(id).filter(x -> x.workspace().equals(me.workspace()))
                .filter(x -> !x.archived()).orElseThrow(() -> new UsageException(null, "error.unknown-action"));
        requireOwner(me, tpl);
        return tpl;
    }

    private void requireOwner(Member me, SurveyTemplate tpl) {
        if (tpl.ownerId() != me.id() && !me.isAdmin()) {
            throw new UsageException(null, "template.error.not-yours", tpl.ref(),
                    team.member(tpl.ownerId()).displayName());
        }
    }

    static void requireTrainer(Member me) {
        if (me.role() == Role.MEMBER) {
            throw new UsageException(null, "survey.error.not-trainer");
        }
    }
}
