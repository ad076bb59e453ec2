package dev.baton.poll;

import dev.baton.conversation.Deliveries;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.schedule.Job;
import dev.baton.schedule.JobHandler;
import dev.baton.schedule.Schedule;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A questionnaire's life: invitations by DM, one reminder to those who have not answered (a day before it closes,
 * or half-way for short ones), closing with results and a chart for its creator, and the follow-up N days later.
 * One job kind with the step in the key, each planned when the questionnaire is sent.
 */
@Component
class SurveyLifecycle implements JobHandler {

    static final String KIND = "survey";
    static final Duration FOLLOW_UP_OPEN = Duration.ofDays(3);

    private final Surveys surveys;
    private final SurveyAnswers answers;
    private final SurveyView view;
    private final Schedule schedule;
    private final Deliveries deliveries;
    private final SurveyComparison comparison;
    private final Team team;
    private final MessageSource messages;
    private final Clock clock;

    SurveyLifecycle(Surveys surveys, SurveyAnswers answers, SurveyView view, Schedule schedule,
            Deliveries deliveries, SurveyComparison comparison, Team team, MessageSource messages, Clock clock) {
        this.comparison = comparison;
        this.surveys = surveys;
        this.answers = answers;
        this.view = view;
        this.schedule = schedule;
        this.deliveries = deliveries;
        this.team = team;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Invites everyone and plans the reminder, the close and the follow-up. */
    void sent(Survey s, List<Member> participants, Instant now) {
        for (Member m : participants) {
            answers.invite(s.id(), m.id());
            Texts t = new Texts(messages, m.locale());
            deliveries.enqueue(m.dm(view.invitation(s, m, t, false), "survey:" + s.id() + ":invite:" + m.id()));
        }
        Duration open = Duration.between(now, s.closesAt());
        Instant remindAt = open.compareTo(Duration.ofHours(48)) >= 0 ? s.closesAt().minus(Duration.ofHours(24))
                : now.plus(open.dividedBy(2));
        schedule.at("survey.remind:" + s.id(), KIND, "remind", remindAt);
        schedule.at("survey.close:" + s.id(), KIND, "close", s.closesAt());
        s.followUpDays().ifPresent(days -> schedule.at("survey.followup:" + s.id(), KIND, "followup",
                now.plus(Duration.ofDays(days))));
    }

    void close(Survey s, Instant now) {
        // those who never answered had it waiting in their week
        team.weekChanged(answers.notAnswered(s.id()));
        s.close(now);
        surveys.save(s);
        if (s.anonymous()) {
            answers.unlink(s.id(), BallotKeys.freshSalt());
        }
        schedule.cancel("survey.remind:" + s.id());
        schedule.cancel("survey.close:" + s.id());
        Member creator = team.member(s.creatorId());
        Texts t = new Texts(messages, creator.locale());
        deliveries.enqueue(creator.dm(view.results(s, t), "survey:" + s.id() + ":results"));
        if (!view.withheld(s)) {
            deliveries.enqueue(creator.dm(view.chart(s, t), "survey:" + s.id() + ":chart"));
        }
        if (s.quiz() && !s.anonymous() && !s.scoresAtOnce()) {
            // each person's own score and the right answers, to them alone
            for (SurveyAnswers.Response r : answers.responses(s.id())) {
                Member m = team.member(r.memberId());
                deliveries.enqueue(m.dm(QuizView.personal(s, r.answers(), new Texts(messages, m.locale())),
                        "survey:" + s.id() + ":score:" + m.id()));
            }
        }
        Optional<Survey> before = s.followsId().flatMap(surveys::findById);
        // a follow-up or post-test whose questions meet the earlier send's: the change, when both show results
        if (before.isPresent() && !view.withheld(before.get()) && !view.withheld(s)) {
            SurveyComparison.Compared compared = comparison.compare(before.get(), s, t);
            if (!compared.empty()) {
                deliveries.enqueue(creator.dm(compared.card(), "survey:" + s.id() + ":compare"));
                compared.chart().ifPresent(chart -> deliveries.enqueue(
                        creator.dm(chart, "survey:" + s.id() + ":compare-chart")));
            }
        }
    }

    @Override
    public Optional<Instant> run(Job job) {
        long id = Long.parseLong(job.key().substring(job.key().indexOf(':') + 1));
        Optional<Survey> found = surveys.findById(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Survey s = found.get();
        Instant now = clock.instant();
        switch (job.payload()) {
            case "remind" -> {
                if (s.open()) {
                    // not those whose time on a timed quiz ran out: they can no longer answer
                    Instant cutoff = s.timeLimitMinutes().map(m -> now.minus(Duration.ofMinutes(m))
                            .minus(SurveyAnswering.GRACE)).orElse(Instant.EPOCH);
                    for (long memberId : answers.stillToAnswer(s.id(), cutoff)) {
                        Member m = team.member(memberId);
                        Texts t = new Texts(messages, m.locale());
                        deliveries.enqueue(m.dm(view.invitation(s, m, t, true),
                                "survey:" + s.id() + ":remind:" + m.id()));
                    }
                }
            }
            case "close" -> {
                if (s.open()) {
                    close(s, now);
                }
            }
            case "followup" -> followUp(s, now);
            default -> throw new IllegalStateException("Unknown survey step " + job.payload());
        }
        return Optional.empty();
    }

    /**
     * The same people, weeks later, with the same anonymity: the built-in questionnaire asks what they have applied
     * since; a team's own questionnaire or quiz is asked again, so the two compare question by question.
     */
    private void followUp(Survey original, Instant now) {
        Member creator = team.member(original.creatorId());
        Texts t = new Texts(messages, creator.locale());
        Survey.Design design = original.template().equals(Survey.BUILT_IN_TRAINING)
                ? Survey.Design.builtIn(Survey.BUILT_IN_FOLLOWUP, Survey.FOLLOWUP) : original.design();
        Survey next = surveys.save(Survey.send(original.workspace(), original.creatorId(),
                t.t("survey.followup.title", original.title()), design, original.anonymous(),
                original.minRespondents(), now.plus(FOLLOW_UP_OPEN), null, original.id(), now));
        List<Member> participants = answers.participants(original.id()).stream().map(team::member).toList();
        sent(next, participants, now);
        deliveries.enqueue(creator.dm(new Reply.Text(t.t("survey.followup.sent", next.ref(), original.ref(),
                original.title(), participants.size())), "survey:" + next.id() + ":announce"));
    }
}
