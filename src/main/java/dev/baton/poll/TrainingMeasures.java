package dev.baton.poll;

import dev.baton.okr.Measure;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What key results can measure of training feedback: the NPS, the mean score of the 1–5 questions, and the class's
 * mean quiz score (percent of the points), of the questionnaires and quizzes the scope's people (the trainers) sent
 * and closed in the period, by template (training, followup, or a team's T-3). An anonymous one counts only when
 * it reached its minimum of answers, as its own results do, so a measure never shows what the questionnaire itself
 * would hide.
 */
@Configuration(proxyBeanMethods = false)
class TrainingMeasures {

    @Bean
    Measure trainingNps(JdbcClient jdbc) {
        return new TrainingMeasure(jdbc, "training.nps");
    }

    @Bean
    Measure trainingScore(JdbcClient jdbc) {
        return new TrainingMeasure(jdbc, "training.score");
    }

    @Bean
    Measure trainingQuiz(JdbcClient jdbc) {
        return new TrainingMeasure(jdbc, "training.quiz");
    }

    static final class TrainingMeasure implements Measure {

        private final JdbcClient jdbc;
        private final String key;

        TrainingMeasure(JdbcClient jdbc, String key) {
            this.jdbc = jdbc;
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }


        @Override
        public List<String> filters() {
            return List.of("template");
        }

        @Override
        public String unit() {
            return key.equals("training.quiz") ? "%" : "";
        }

        @Override
        public Optional<String> workspaceChangedBy(Object saved) {
            return saved instanceof Survey s ? Optional.of(s.workspace()) : Optional.empty();
        }

        @Override
        public boolean matchesAny(String workspace, Filter filter) {
            Optional<String> template = template(filter.value());
            // a team's template has to exist in this workspace
            return template.isPresent() && (!template.get().startsWith("T-") || jdbc.sql(
                    "SELECT COUNT(*) FROM survey_template WHERE workspace = ? AND number = ?")
                    .params(workspace, Long.parseLong(template.get().substring(2))).query(Integer.class).single() > 0);
        }

        /** The built-in questionnaires by name, or a team's template by its reference (T-3). */
        private static Optional<String> template(String word) {
            String w = word.toLowerCase(Locale.ROOT);
            return switch (w) {
                case "training", "培训" -> Optional.of(Survey.BUILT_IN_TRAINING);
                case "followup", "follow-up", "回访" -> Optional.of(Survey.BUILT_IN_FOLLOWUP);
                default -> w.matches("t-?\\d{1,9}") ? Optional.of("T-" + w.replaceAll("\\D", ""))
                        : Optional.empty();
            };
        }

        @Override
        public Optional<BigDecimal> value(Scope scope) {
            if (scope.memberIds().isEmpty()) {
                return Optional.empty();
            }
            List<Object> params = scope.workspaceAndPeriod();
            String sql = "SELECT s.questions, r.answers, s.quiz FROM survey s JOIN survey_response r ON r.survey_id = s.id "
                    + "WHERE s.workspace = ? AND s.closed_at >= ? AND s.closed_at < ? AND s.creator_id IN ("
                    + scope.people() + ") AND (s.anonymous = FALSE "
                    + "OR (SELECT COUNT(*) FROM survey_response c WHERE c.survey_id = s.id) >= s.min_respondents)";
            if (scope.filter().isPresent()) {
                sql += " AND s.template = ?";
                params.add(template(scope.filter().get().value()).orElse("?"));
            }
            List<Integer> nps = new ArrayList<>();
            List<Integer> likert = new ArrayList<>();
            List<Double> quiz = new ArrayList<>();
            jdbc.sql(sql).params(params).query((rs, i) -> {
                List<Question> questions = Questions.parse(rs.getString(1));
                List<String> answers = Questions.answers(rs.getString(2));
                if (rs.getBoolean(3)) {
                    int total = QuizView.total(questions);
                    int score = QuizView.score(questions, new SurveyAnswers.Response("", null, answers));
                    quiz.add(total == 0 ? 0 : 100.0 * score / total);
                    return null;
                }
                for (int n = 0; n < Math.min(questions.size(), answers.size()); n++) {
                    Question.Type type = questions.get(n).type();
                    if (answers.get(n).isBlank() || (type != Question.Type.NPS && type != Question.Type.LIKERT)) {
                        continue;
                    }
                    int score = Integer.parseInt(answers.get(n).strip());
                    (type == Question.Type.NPS ? nps : likert).add(score);
                }
                return null;
            }).list();
            if (key.equals("training.quiz")) {
                return quiz.isEmpty() ? Optional.empty() : Optional.of(BigDecimal.valueOf(quiz.stream()
                        .mapToDouble(Double::doubleValue).average().orElse(0)).setScale(1, RoundingMode.HALF_UP));
            }
            if (key.equals("training.nps")) {
                if (nps.isEmpty()) {
                    return Optional.empty();
                }
                long promoters = nps.stream().filter(s -> s >= 9).count();
                long detractors = nps.stream().filter(s -> s <= 6).count();
                return Optional.of(BigDecimal.valueOf(Math.round(100.0 * (promoters - detractors) / nps.size())));
            }
            return likert.isEmpty() ? Optional.empty() : Optional.of(BigDecimal.valueOf(likert.stream()
                    .mapToInt(Integer::intValue).average().orElse(0)).setScale(2, RoundingMode.HALF_UP));
        }
    }
}
