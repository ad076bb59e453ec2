package dev.baton.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.conversation.Args;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.support.BatonTestSupport;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;

/**
 * What a designed questionnaire's results hold, on the real database: a CSV column per question with choices by
 * their names, and an anonymous quiz whose rows carry neither a name nor, after close, a linkable respondent.
 */
class SurveyResultsTest extends BatonTestSupport {

    @Autowired
    private Team team;
    @Autowired
    private Surveys surveys;
    @Autowired
    private SurveyAnswers answers;
    @Autowired
    private SurveyView view;
    @Autowired
    private SurveyLifecycle lifecycle;
    @Autowired
    private BallotKeys keys;
    @Autowired
    private MessageSource messages;

    private Member trainer;
    private Member alice;
    private Member bob;

    @BeforeEach
    void people() {
        resetWorld();
        usersNamedAfterTheirIds();
        trainer = team.member("slack", "slack:" + TEAM, "UTINA");
        alice = team.member("slack", "slack:" + TEAM, "UALICE");
        bob = team.member("slack", "slack:" + TEAM, "UBOB");
    }

    private Survey send(String spec, boolean quiz, boolean anonymous) {
        List<Question> questions = QuestionSpec.parse(Args.of(spec), quiz, 1);
        Survey s = surveys.save(Survey.send(trainer.workspace(), trainer.id(), "Pricing",
                new Survey.Design("T-1", 1, questions, quiz, null, false), anonymous, 2,
                clock.instant().plus(Duration.ofDays(1)), null, null, clock.instant()));
        answers.invite(s.id(), alice.id());
        answers.invite(s.id(), bob.id());
        return s;
    }

    @Test
    void theCsvHasAColumnPerQuestionAndNamesTheChoices() throws Exception {
        Survey s = send("likert \"Clear\" multi \"Add?\" \"Videos\" \"Templates, with examples\" "
                + "choice \"Best?\" \"Cases\" \"Role play\" text \"Change?\" optional", false, false);
        answers.answer(s.id(), alice.id(), String.valueOf(alice.id()), List.of("4", "1 2", "2", "More \"cases\""),
                false);
        answers.answer(s.id(), bob.id(), String.valueOf(bob.id()), List.of("5", "2", "1", ""), false);

        Reply.File file = view.csv(s, new Texts(messages, Locale.ENGLISH));
        List<String> lines = new String(file.data(), StandardCharsets.UTF_8).substring(1).lines().toList();

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("Respondent,Clear,Add?,Best?,Change?");
        // one row per respondent (in no telling order), choices by name, quotes and commas kept by CSV quoting
        assertThat(lines.subList(1, 3)).anySatisfy(l -> assertThat(l)
                .endsWith(",4,\"Videos; Templates, with examples\",Role play,\"More \"\"cases\"\"\""));
        assertThat(lines.subList(1, 3)).anySatisfy(l -> assertThat(l)
                .endsWith(",5,\"Templates, with examples\",Cases,"));
    }

    /** The questions V049 wrote for questionnaires sent before templates read as the built-in ones do now. */
    @Test
    void questionnairesSentBeforeTemplatesKeepTheirQuestions() throws Exception {
        String sql = java.nio.file.Files.readString(java.nio.file.Path.of(
                "src/main/resources/db/migration/V049__survey_questions_and_templates.sql"));
        java.util.regex.Matcher json = java.util.regex.Pattern.compile("SET questions = '([^']+)'").matcher(sql);
        assertThat(json.find()).isTrue();
        assertThat(Questions.parse(json.group(1))).isEqualTo(Survey.TRAINING);
        assertThat(json.find()).isTrue();
        assertThat(Questions.parse(json.group(1))).isEqualTo(Survey.FOLLOWUP);
        // and a survey row written that way is read, results and all
        Survey s = surveys.save(Survey.send(trainer.workspace(), trainer.id(), "Before templates",
                Survey.Design.builtIn(Survey.BUILT_IN_TRAINING, Survey.TRAINING), false, 3,
                clock.instant().plus(Duration.ofDays(1)), null, null, clock.instant()));
        jdbc.sql("UPDATE survey SET questions = ? WHERE id = ?").params(json.reset().results().findFirst()
                .orElseThrow().group(1), s.id()).update();
        answers.invite(s.id(), alice.id());
        jdbc.sql("INSERT INTO survey_response (survey_id, respondent, member_id, answers) VALUES (?, ?, ?, ?)")
                .params(s.id(), String.valueOf(alice.id()), alice.id(), "[\"5\",\"4\",\"4\",\"5\",\"9\",\"\"]")
                .update();
        Reply.Card results = view.results(surveys.findById(s.id()).orElseThrow(),
                new Texts(messages, Locale.ENGLISH));
        assertThat(results.lines()).contains("NPS +100 · promoters 100% · passives 0% · detractors 0%");
    }

    @Test
    void anAnonymousQuizKeepsNoNameAndUnlinksItsRespondentsAtClose() {
        Survey s = send("choice \"Price?\" \"99\" \"*199\" multi \"Where?\" \"*WeChat\" \"Fax\"", true, true);
        String aliceKey = keys.voter("survey:" + s.id(), alice.id());
        answers.answer(s.id(), alice.id(), aliceKey, List.of("2", "1"), true);
        answers.answer(s.id(), bob.id(), keys.voter("survey:" + s.id(), bob.id()), List.of("1", "1 2"), true);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM survey_response WHERE survey_id = ? AND member_id IS NOT NULL")
                .param(s.id()).query(Integer.class).single()).isZero();
        lifecycle.close(s, clock.instant());

        assertThat(jdbc.sql("SELECT respondent FROM survey_response WHERE survey_id = ?").param(s.id())
                .query(String.class).list()).hasSize(2).doesNotContain(aliceKey);
        // the class's result is still there: one full score of two, one zero
        Reply.Card results = view.results(surveys.findById(s.id()).orElseThrow(),
                new Texts(messages, Locale.ENGLISH));
        assertThat(results.lines()).contains("Mean score: 1.0 of 2 (50%)");
    }
}
