package dev.baton.poll;

import dev.baton.conversation.Args;
import dev.baton.conversation.CommandHandler;
import dev.baton.conversation.CommandSpec;
import dev.baton.conversation.CommandSpec.Usage;
import dev.baton.conversation.Context;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import dev.baton.conversation.Token;
import dev.baton.conversation.UsageException;
import dev.baton.conversation.When;
import dev.baton.system.BatonProperties;
import dev.baton.team.Department;
import dev.baton.team.Member;
import dev.baton.team.Role;
import dev.baton.team.Team;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** {@code /survey}: training-feedback questionnaires sent to participants by DM; results, chart, CSV. */
@Component
class SurveyCommands implements CommandHandler {

    private static final Duration DEFAULT_OPEN = Duration.ofDays(3);
    private static final int MAX_PARTICIPANTS = 500;
    private static final String[] FLAGS = {"dept", "anonymous", "anon", "closes", "for", "followup", "min", "匿名",
        "template", "模板", "after", "limit", "限时", "scores"};

    private static final CommandSpec SPEC = new CommandSpec("survey", "survey.summary", List.of(
            new Usage("survey.send", "send \"Negotiation skills, day 1\" @alice @bob | dept sales "
                    + "[template T-1] [anonymous] [closes fri 18:00 | for 3d] [followup 30d] [min 5] [after S-1] "
                    + "[limit 10m] [scores now]", "survey.help.send"),
            new Usage("survey.template.new", "template new [quiz] \"Name\" likert \"…\" nps choice \"…\" \"A\" "
                    + "\"B\" multi \"…\" \"A\" \"B\" rating \"…\" [max 10] text \"…\" [optional]",
                    "survey.help.template.new"),
            new Usage("survey.template.add", "template add T-1 text \"What would you change?\" optional",
                    "survey.help.template.add"),
            new Usage("survey.template.move", "template move T-1 3 1", "survey.help.template.move"),
            new Usage("survey.template.remove", "template remove T-1 2", "survey.help.template.remove"),
            new Usage("survey.template.show", "template show T-1 | default", "survey.help.template.show"),
            new Usage("survey.template.copy", "template copy T-1 | default [\"New name\"]",
                    "survey.help.template.copy"),
            new Usage("survey.template.edit", "template edit T-1", "survey.help.template.edit"),
            new Usage("survey.template.delete", "template delete T-1", "survey.help.template.delete"),
            new Usage("survey.template.list", "template list", "survey.help.template.list"),
            new Usage("survey.compare", "compare S-1 S-2", "survey.help.compare"),
            new Usage("survey.live", "live \"Module 2: handling objections\" | live close", "survey.help.live"),
            new Usage("survey.results", "results S-1", "survey.help.results"),
            new Usage("survey.close", "close S-1", "survey.help.close"),
            new Usage("survey.export", "export S-1", "survey.help.export"),
            new Usage("survey.list", "list", "survey.help.list")));

    private final Surveys surveys;
    private final SurveyAnswers answers;
    private final SurveyView view;
    private final SurveyLifecycle lifecycle;
    private final SurveyAnswering answering;
    private final SurveyTemplateCommands templates;
    private final SurveyComparison comparison;
    private final LiveModuleFeedback live;
    private final Team team;
    private final BatonProperties.Polls settings;

    SurveyCommands(Surveys surveys, SurveyAnswers answers, SurveyView view, SurveyLifecycle lifecycle,
            SurveyAnswering answering, SurveyTemplateCommands templates, SurveyComparison comparison,
            LiveModuleFeedback live, Team team, BatonProperties properties) {
        this.surveys = surveys;
        this.answers = answers;
        this.view = view;
        this.lifecycle = lifecycle;
        this.answering = answering;
        this.templates = templates;
        this.comparison = comparison;
        this.live = live;
        this.team = team;
        this.settings = properties.polls();
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(Context ctx, Args args) {
        Member me = team.member(ctx.speaker().memberId());
        if (!args.hasMore()) {
            list(ctx, me);
            return;
        }
        String sub = args.subcommand("survey", "send", "results", "close", "export", "list", "template", "模板",
                "compare", "对比", "live", "现场");
        Args a = args.forUsage("survey." + sub);
        switch (sub) {
            case "send" -> send(ctx, me, a);
            case "template", "模板" -> templates.handle(ctx, me, args);
            case "live", "现场" -> live.command(ctx, me, args.forUsage("survey.live"));
            case "compare", "对比" -> {
                Survey before = requireOwned(me, a, false);
                Survey after = requireOwned(me, a, true);
                SurveyComparison.Compared compared = comparison.compare(before, after, ctx.texts());
                ctx.reply(compared.card());
                // images cannot be ephemeral: the chart comes as a direct message
                compared.chart().ifPresent(chart -> ctx.send(new Target.Direct(ctx.origin().userId()), chart));
            }
            case "results" -> {
                Survey s = requireOwned(me, a);
                ctx.reply(view.results(s, ctx.texts()));
            }
            case "close" -> {
                Survey s = requireOwned(me, a);
                if (!s.open()) {
                    throw new UsageException(null, "survey.error.already-closed", s.ref());
                }
                lifecycle.close(s, ctx.instant());
                ctx.reply(ctx.t("survey.closed", s.ref(), s.title(), team.member(s.creatorId()).displayName()));
            }
            case "export" -> {
                Survey s = requireOwned(me, a);
                if (view.withheld(s)) {
                    throw new UsageException(null, "survey.error.export-withheld", s.ref(), s.minRespondents(),
                            answers.respondents(s.id()));
                }
                ctx.send(new Target.Direct(ctx.origin().userId()), view.csv(s, ctx.texts()));
                ctx.reply(ctx.t("poll.export.sent", s.ref()));
            }
            default -> {
                a.expectEnd();
                list(ctx, me);
            }
        }
    }

    private void send(Context ctx, Member me, Args args) {
        if (me.role() == Role.MEMBER) {
            throw new UsageException(null, "survey.error.not-trainer");
        }
        String title = args.quoted("survey.error.title-missing");
        if (title.length() > 150) {
            throw args.fail("survey.error.title-long");
        }
        Map<Long, Member> participants = new LinkedHashMap<>();
        boolean anonymous = false;
        Instant closesAt = ctx.instant().plus(DEFAULT_OPEN);
        Integer followUp = null;
        int min = settings.anonymousMinVotes();
        Survey.Design design = Survey.Design.builtIn(Survey.BUILT_IN_TRAINING, Survey.TRAINING);
        Long after = null;
        Integer limit = null;
        boolean scoresNow = false;
        while (args.hasMore()) {
            Token t = args.peek().orElseThrow();
            if (t.kind() == Token.Kind.MENTION) {
                Member m = team.mentioned(me, args.next("error.mention-missing"), "survey.send");
                participants.put(m.id(), m);
                continue;
            }
            String flag = args.take(FLAGS).orElseThrow(() -> args.fail("error.unexpected", t.text()));
            switch (flag) {
                case "dept" -> {
                    String key = args.word("error.dept-key-missing");
                    Department d = team.requireDepartment(me.workspace(), key.toLowerCase(Locale.ROOT),
                            "survey.send");
                    team.inDepartment(d.id()).forEach(m -> participants.put(m.id(), m));
                }
                case "anonymous", "anon", "匿名" -> anonymous = true;
                case "for" -> {
                    Token d = args.next("poll.error.duration-missing");
                    closesAt = ctx.instant().plus(PollCreation.parseDuration(d.text())
                            .orElseThrow(() -> args.fail("poll.error.bad-duration", d.text())));
                }
                case "closes" -> closesAt = When.dateTime(args, ctx.now(), LocalTime.of(18, 0),
                        "poll.error.closes-missing", "error.bad-date").toInstant();
                case "followup" -> {
                    Token d = args.next("survey.error.followup-missing");
                    Matcher m = Pattern.compile("(?i)(\\d{1,3})d?").matcher(d.text());
                    if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 180) {
                        throw args.fail("survey.error.bad-followup", d.text());
                    }
                    followUp = Integer.parseInt(m.group(1));
                }
                case "template", "模板" -> {
                    Optional<SurveyTemplate> tpl = templates.find(me, args);
                    design = tpl.map(x -> new Survey.Design(x.ref(), x.revision(), x.questions(), x.quiz(), null,
                            false)).orElse(design);
                }
                case "after" -> {
                    after = requireOwned(me, args, false).id();
                }
                case "limit", "限时" -> {
                    Token d = args.next("quiz.error.limit-missing");
                    Matcher m = Pattern.compile("(?i)(\\d{1,3})(m|min|分钟)?").matcher(d.text());
                    if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 180) {
                        throw args.fail("quiz.error.bad-limit", d.text());
                    }
                    limit = Integer.parseInt(m.group(1));
                }
                case "scores" -> {
                    if (args.take("now", "立即").isEmpty()) {
                        throw args.fail("quiz.error.scores-when");
                    }
                    scoresNow = true;
                }
                default -> min = args.integer("poll.error.min-missing", "poll.error.bad-min", 2, 50);
            }
        }
        if ((limit != null || scoresNow) && !design.quiz()) {
            throw args.fail("quiz.error.not-a-quiz");
        }
        if (design.quiz()) {
            design = new Survey.Design(design.template(), design.revision(), design.questions(), true, limit,
                    scoresNow);
        }
        participants.remove(me.id()); // the trainer is not asked about their own session
        if (participants.isEmpty()) {
            throw args.fail("survey.error.nobody");
        }
        if (participants.size() > MAX_PARTICIPANTS) {
            throw args.fail("survey.error.too-many", MAX_PARTICIPANTS);
        }
        if (!closesAt.isAfter(ctx.instant().plus(Duration.ofMinutes(10)))) {
            throw args.fail("survey.error.closes-soon");
        }
        if (closesAt.isAfter(ctx.instant().plus(Duration.ofDays(30)))) {
            throw args.fail("survey.error.closes-far");
        }
        if (followUp != null && !ctx.instant().plus(Duration.ofDays(followUp)).isAfter(closesAt)) {
            throw args.fail("survey.error.followup-early");
        }
        Survey s = surveys.save(Survey.send(me.workspace(), me.id(), title, design, anonymous, min, closesAt,
                followUp, after, ctx.instant()));
        lifecycle.sent(s, new ArrayList<>(participants.values()), ctx.instant());
        ctx.reply(ctx.t("survey.sent", s.ref(), s.title(), participants.size(),
                SurveyView.when(closesAt, ctx.speaker().zone(), ctx.texts()),
                ctx.t(anonymous ? "survey.sent.anonymous" : "survey.sent.named"),
                followUp == null ? "" : ctx.t("survey.sent.followup", followUp)).strip());
    }

    @Override
    public void onButton(Context ctx, Inbound.ButtonAction action) {
        if (action.actionId().equals(LiveModuleFeedback.ACTION_RATE)
                || action.actionId().equals(LiveModuleFeedback.ACTION_COMMENT)) {
            live.onButton(ctx, action);
        } else {
            answering.open(ctx, action);
        }
    }

    @Override
    public void onForm(Context ctx, Inbound.FormSubmission form) {
        if (form.formId().equals(SurveyTemplateCommands.FORM)) {
            templates.onForm(ctx, form);
        } else if (form.formId().equals(LiveModuleFeedback.FORM_COMMENT)) {
            live.onForm(ctx, form);
        } else {
            answering.submit(ctx, form);
        }
    }

    private void list(Context ctx, Member me) {
        List<Survey> mine = surveys.findTop20ByCreatorIdOrderByIdDesc(me.id());
        if (mine.isEmpty()) {
            ctx.reply(ctx.t("survey.list.empty"));
            return;
        }
        List<String> lines = mine.stream().map(s -> ctx.t(s.open() ? "survey.list.open" : "survey.list.closed",
                s.ref(), s.title(), answers.respondents(s.id()), answers.participants(s.id()).size())).toList();
        ctx.reply(new Reply.Card(ctx.t("survey.list.title"), lines, List.of(), List.of(),
                ctx.t("survey.list.footer")));
    }

    private Survey requireOwned(Member me, Args args) {
        return requireOwned(me, args, true);
    }

    private Survey requireOwned(Member me, Args args, boolean last) {
        long id = args.ref('S', "survey.error.ref-missing", "survey.error.bad-ref");
        if (last) {
            args.expectEnd();
        }
        Survey s = surveys.findByWorkspaceAndNumber(me.workspace(), id)
                .orElseThrow(() -> args.fail("survey.error.no-such", "S-" + id));
        if (s.creatorId() != me.id() && !me.isAdmin()) {
            throw new UsageException(null, "survey.error.not-yours", s.ref(),
                    team.member(s.creatorId()).displayName());
        }
        return s;
    }
}
