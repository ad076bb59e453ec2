package dev.baton.poll;

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

    /** One response: the answer to each question in order ("" for a skipped optional one). */
    record Response(String respondent, Long memberId, List<String> answers) {

        String answer(int question) {
            return question < answers.size() ? answers.get(question) : "";
        }
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
    boolean answer(long surveyId, long memberId, String respondent, List<String> answers, boolean anonymous) {
        int flipped = jdbc.sql("""
                UPDATE survey_participant SET answered = TRUE
                WHERE survey_id = ? AND member_id = ? AND answered = FALSE""").params(surveyId, memberId).update();
        if (flipped == 0) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO survey_response (survey_id, respondent, member_id, answers) VALUES (?, ?, ?, ?)""")
                .params(surveyId, respondent, anonymous ? null : memberId, Questions.answersJson(answers)).update();
        return true;
    }

    List<Response> responses(long surveyId) {
        return jdbc.sql("""
                SELECT respondent, member_id, answers FROM survey_response WHERE survey_id = ? ORDER BY respondent""")
                .param(surveyId).query((rs, i) -> new Response(rs.getString(1), (Long) rs.getObject(2, Long.class),
                        Questions.answers(rs.getString(3)))).list();
    }

    /**
     * When the person first opened a timed quiz: set on the first open only, so opening it again does not reset
     * the clock.
     */
    java.time.Instant started(long surveyId, long memberId, java.time.Instant now) {
        jdbc.sql("""
                UPDATE survey_participant SET started_at = ?
                WHERE survey_id = ? AND member_id = ? AND started_at IS NULL""")
                .params(java.sql.Timestamp.from(now), surveyId, memberId).update();
        return jdbc.sql("SELECT started_at FROM survey_participant WHERE survey_id = ? AND member_id = ?")
                .params(surveyId, memberId).query(java.sql.Timestamp.class).single().toInstant();
    }

    /** Those asked who have not answered and whose time on a timed quiz has not run out. */
    List<Long> stillToAnswer(long surveyId, java.time.Instant startedAfter) {
        return jdbc.sql("""
                SELECT member_id FROM survey_participant WHERE survey_id = ? AND answered = FALSE
                AND (started_at IS NULL OR started_at > ?) ORDER BY member_id""")
                .params(surveyId, java.sql.Timestamp.from(startedAfter)).query(Long.class).list();
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
