package dev.baton.poll;

import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.UsageException;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Answering a questionnaire or quiz: the form opened from the invitation, each question's answer checked, the
 * response kept once (anonymously under a keyed hash when it is anonymous), and a quiz's score shown at once when
 * the trainer chose so. A timed quiz counts from the first time the person opened it.
 */
@Component
class SurveyAnswering {

    /** A timed quiz takes answers this long after its limit, for the time a form takes to travel. */
    static final Duration GRACE = Duration.ofMinutes(1);

    private final Surveys surveys;
    private final SurveyAnswers answers;
    private final SurveyView view;
    private final BallotKeys keys;
    private final Team team;

    SurveyAnswering(Surveys surveys, SurveyAnswers answers, SurveyView view, BallotKeys keys, Team team) {
        this.surveys = surveys;
        this.answers = answers;
        this.view = view;
        this.keys = keys;
        this.team = team;
    }

    void open(Context ctx, Inbound.ButtonAction action) {
        Member me = team.member(ctx.speaker().memberId());
        Survey s = surveyById(me, action.value());
        requireAnswerable(s, me);
        String deadline = requireInTime(ctx, s, me).map(due -> ctx.texts().time(due, me.zone())).orElse(null);
        ctx.openForm(view.form(s, ctx.texts(), deadline));
    }

    void submit(Context ctx, Inbound.FormSubmission form) {
        Member me = team.member(ctx.speaker().memberId());
        Survey s = surveyById(me, form.metadata());
        requireAnswerable(s, me);
        requireInTime(ctx, s, me);
        List<Question> questions = s.questions();
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> given = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            String field = Questions.field(q, i);
            String value = form.values().get(field);
            var accepted = q.accept(value);
            if (accepted.isPresent()) {
                given.add(accepted.get());
            } else if (q.type() == Question.Type.TEXT && value != null && value.strip().length()
                    > Question.MAX_TEXT_ANSWER) {
                errors.put(field, ctx.t("survey.form.error.comment-long", Question.MAX_TEXT_ANSWER));
            } else if (q.type() == Question.Type.TEXT || q.type().choice()) {
                errors.put(field, ctx.t(q.type() == Question.Type.TEXT ? "survey.form.error.text"
                        : "survey.form.error.choose"));
            } else {
                errors.put(field, ctx.t("survey.form.error.pick", q.min(), q.top()));
            }
        }
        if (!errors.isEmpty()) {
            ctx.formErrors(errors);
            return;
        }
        String respondent = s.anonymous() ? keys.voter("survey:" + s.id(), me.id()) : String.valueOf(me.id());
        boolean recorded = answers.answer(s.id(), me.id(), respondent, given, s.anonymous());
        if (!recorded) {
            ctx.reply(ctx.t("survey.error.answered", s.ref()));
        } else if (!s.quiz()) {
            ctx.reply(ctx.t(s.anonymous() ? "survey.thanks.anonymous" : "survey.thanks", s.title()));
        } else if (s.anonymous()) {
            ctx.reply(ctx.t("quiz.thanks.anonymous", s.title()));
        } else if (s.scoresAtOnce()) {
            ctx.reply(QuizView.personal(s, given, ctx.texts()));
        } else {
            ctx.reply(ctx.t("quiz.thanks", s.title(), ctx.texts().dateTime(s.closesAt(), me.zone())));
        }
    }

    /**
     * A timed quiz's deadline for this person (their time counts from their first open, recorded now if this is
     * it), or why they can no longer answer; empty for anything without a time limit.
     */
    private java.util.Optional<Instant> requireInTime(Context ctx, Survey s, Member me) {
        if (s.timeLimitMinutes().isEmpty()) {
            return java.util.Optional.empty();
        }
        Instant started = answers.started(s.id(), me.id(), ctx.instant());
        Instant due = started.plus(Duration.ofMinutes(s.timeLimitMinutes().get()));
        if (ctx.instant().isAfter(due.plus(GRACE))) {
            throw new UsageException(null, "quiz.error.time-up", s.timeLimitMinutes().get(),
                    ctx.texts().time(started, me.zone()));
        }
        return java.util.Optional.of(due);
    }

    private void requireAnswerable(Survey s, Member me) {
        if (!s.open()) {
            throw new UsageException(null, "survey.error.closed", s.title());
        }
        if (!answers.invited(s.id(), me.id())) {
            throw new UsageException(null, "survey.error.not-invited", s.title());
        }
        if (!answers.notAnswered(s.id()).contains(me.id())) {
            throw new UsageException(null, "survey.error.answered", s.ref());
        }
    }

    private Survey surveyById(Member me, String id) {
        return surveys.findById(Args.actionId(id)).filter(s -> s.workspace().equals(me.workspace()))
                .orElseThrow(() -> new UsageException(null, "error.unknown-action"));
    }
}
