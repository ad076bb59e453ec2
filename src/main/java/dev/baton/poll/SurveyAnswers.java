package dev.baton.poll;

import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Who was asked (and whether they answered) and the responses, kept apart so one never leads to the other. */
@Repository
class SurveyAnswers {

    private final JdbcClient jdbc;

    SurveyAnswers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Response(String respondent, Long memberId, List<Integer> scores, String comment) {
    }

    void invite(long surveyId, long memberId) {
        jdbc.sql("INSERT IGNORE INTO survey_participant (survey_id, member_id, answered) VALUES (?, ?, FALSE)")
                .params(surveyId, memberId).update();
    }

    List<Long> participants(long surveyId) {
        return jdbc.sql("SELECT member_id FROM survey_participant WHERE survey_id = ? ORDER BY member_id")
                .param(surveyId).query(Long.class).list();
    }

    List<Long> notAnswered(long surveyId) {
        return jdbc.sql("""
                SELECT member_id FROM survey_participant WHERE survey_id = ? AND answered = FALSE ORDER BY member_id""")
                .param(surveyId).query(Long.class).list();
    }

    boolean invited(long surveyId, long memberId) {
        return jdbc.sql("SELECT COUNT(*) FROM survey_participant WHERE survey_id = ? AND member_id = ?")
                .params(surveyId, memberId).query(Integer.class).single() > 0;
    }

    /**
     * Records a response once: the participant's flag flips only if it was not set, so a double submission (two
     * clicks, a retried request) stores one response and reports false the second time.
     */
    boolean answer(long surveyId, long memberId, String respondent, List<Integer> scores, String comment,
            boolean anonymous) {
        int flipped = jdbc.sql("""
                UPDATE survey_participant SET answered = TRUE
                WHERE survey_id = ? AND member_id = ? AND answered = FALSE""").params(surveyId, memberId).update();
        if (flipped == 0) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO survey_response (survey_id, respondent, member_id, answers, comment)
                VALUES (?, ?, ?, ?, ?)""")
                .params(surveyId, respondent, anonymous ? null : memberId,
                        String.join(",", scores.stream().map(String::valueOf).toList()), comment)
                .update();
        return true;
    }

    List<Response> responses(long surveyId) {
        return jdbc.sql("""
                SELECT respondent, member_id, answers, comment FROM survey_response WHERE survey_id = ?
                ORDER BY respondent""").param(surveyId)
                .query((rs, i) -> new Response(rs.getString(1), (Long) rs.getObject(2, Long.class),
                        Arrays.stream(rs.getString(3).split(",")).map(Integer::valueOf).toList(), rs.getString(4)))
                .list();
    }

    int respondents(long surveyId) {
        return jdbc.sql("SELECT COUNT(*) FROM survey_response WHERE survey_id = ?").param(surveyId)
                .query(Integer.class).single();
    }

    /** As for polls: at close the respondent ids are re-hashed with a salt nobody keeps. */
    void unlink(long surveyId, String salt) {
        jdbc.sql("UPDATE survey_response SET respondent = SHA2(CONCAT(respondent, ?), 256) WHERE survey_id = ?")
                .params(salt, surveyId).update();
    }
}
