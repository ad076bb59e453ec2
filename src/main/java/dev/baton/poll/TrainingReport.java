package dev.baton.poll;

import dev.baton.conversation.Pending;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.team.Member;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Training questionnaires: those a group of people closed in a week (the managers' digest), and one person's. */
@Component
public class TrainingReport {

    private final JdbcClient jdbc;
    private final Surveys surveys;
    private final SurveyAnswers answers;

    private final java.time.Clock clock;

    TrainingReport(JdbcClient jdbc, Surveys surveys, SurveyAnswers answers, java.time.Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.surveys = surveys;
        this.answers = answers;
    }

    /**
     * {@code nps} is empty when the questionnaire had no NPS item or too few answers to show one; a quiz has its
     * class's mean score ({@code quizScore}, percent) instead, and the one of the send it follows when there is one
     * ({@code quizScoreBefore}: a post-test's pre-test).
     */
    public record Closed(String ref, String title, int answered, int asked, Optional<Integer> nps,
            Optional<Integer> quizScore, Optional<Integer> quizScoreBefore) {
    }

    public List<Closed> closed(Collection<Long> creators, Instant from, Instant to) {
        if (creators.isEmpty()) {
            return List.of();
        }
        String in = String.join(",", creators.stream().map(String::valueOf).toList());
        List<Long> ids = jdbc.sql("SELECT id FROM survey WHERE creator_id IN (" + in
                + ") AND closed_at >= ? AND closed_at < ? ORDER BY closed_at")
                .params(java.sql.Timestamp.from(from), java.sql.Timestamp.from(to)).query(Long.class).list();
        return ids.stream().map(id -> surveys.findById(id).orElseThrow()).map(s -> {
            List<SurveyAnswers.Response> rs = answers.responses(s.id());
            int npsIndex = s.questions().stream().map(Question::type).toList().indexOf(Question.Type.NPS);
            boolean shown = !rs.isEmpty() && (!s.anonymous() || rs.size() >= s.minRespondents());
            Optional<Integer> nps = npsIndex < 0 || !shown ? Optional.empty() : Optional.of(nps(rs, npsIndex));
            Optional<Integer> score = shown && s.quiz() ? Optional.of(meanScore(s, rs)) : Optional.empty();
            Optional<Survey> earlierSend = score.isPresent() && s.followsId().isPresent()
                    ? surveys.findById(s.followsId().get()) : Optional.empty();
            Optional<Integer> before = earlierSend.filter(Survey::quiz).flatMap(b -> {
                        List<SurveyAnswers.Response> earlier = answers.responses(b.id());
                        boolean visible = !earlier.isEmpty() && (!b.anonymous() || earlier.size() >= b.minRespondents());
                        return visible ? Optional.of(meanScore(b, earlier)) : Optional.empty();
                    });
            return new Closed(s.ref(), s.title(), rs.size(), answers.participants(s.id()).size(), nps, score,
                    before);
        }).toList();
    }

    /**
     * Open questionnaires the person was asked and has not answered, with Answer. (Whether someone answered is kept
     * apart from what they answered, which stays unlinkable.)
     */
    public List<Pending> unanswered(Member me, Texts t) {
        // not a timed quiz whose time ran out: it no longer takes the person's answers
        List<Long> ids = jdbc.sql("""
                SELECT p.survey_id FROM survey_participant p JOIN survey s ON s.id = p.survey_id
                WHERE p.member_id = ? AND p.answered = FALSE AND s.status = 'OPEN'
                AND (p.started_at IS NULL OR s.time_limit_minutes IS NULL
                     OR TIMESTAMPADD(SECOND, s.time_limit_minutes * 60 + ?, p.started_at) > ?)
                ORDER BY s.closes_at""")
                .params(me.id(), SurveyAnswering.GRACE.toSeconds(), java.sql.Timestamp.from(clock.instant()))
                .query(Long.class).list();
        return ids.stream().map(id -> surveys.findById(id).orElseThrow()).map(s -> new Pending(
                t.t("week.survey.line", s.ref(), s.title(), t.dateTime(s.closesAt(), me.zone())),
                List.of(new Reply.Button(t.t("week.survey.answer", s.ref()), SurveyView.ACTION_ANSWER,
                        String.valueOf(s.id()), Reply.Button.Style.PRIMARY)))).toList();
    }

    private static int meanScore(Survey s, List<SurveyAnswers.Response> rs) {
        List<Question> questions = s.questions();
        int total = Math.max(1, QuizView.total(questions));
        return (int) Math.round(rs.stream().mapToInt(r -> QuizView.score(questions, r)).average().orElse(0)
                / total * 100);
    }

    private static int nps(List<SurveyAnswers.Response> rs, int index) {
        return SurveyView.nps(SurveyView.scores(SurveyView.answered(rs, index)));
    }

    /** "+40" or "-10": how NPS is written. */
    public static String signed(int nps) {
        return (nps > 0 ? "+" : "") + nps;
    }
}
