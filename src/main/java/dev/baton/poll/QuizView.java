package dev.baton.poll;

import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.system.Charts;
import dev.baton.team.Member;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a quiz looks: its invitation, a person's own score with the right answers, the class's results. */
final class QuizView {

    private static final int HARDEST = 3;

    private QuizView() {
    }

    static Reply.Card invitation(Survey s, String trainer, Member to, Texts t, boolean reminder) {
        List<Question> questions = s.questions();
        List<String> lines = new ArrayList<>();
        lines.add(t.t(reminder ? "quiz.reminder" : "quiz.invitation", trainer, s.title(), questions.size(),
                total(questions)));
        s.timeLimitMinutes().ifPresent(m -> lines.add(t.t("quiz.time-limit", m)));
        lines.add(s.anonymous() ? t.t("quiz.anonymous", trainer)
                : t.t(s.scoresAtOnce() ? "quiz.named.at-once" : "quiz.named", trainer));
        lines.add(t.t("survey.closes", SurveyView.when(s.closesAt(), to.zone(), t)));
        return new Reply.Card(t.t("quiz.invitation.title", s.title()), lines, List.of(),
                List.of(new Reply.Button(t.t("quiz.button.start"), SurveyView.ACTION_ANSWER, String.valueOf(s.id()),
                        Reply.Button.Style.PRIMARY)), s.ref());
    }

    static int total(List<Question> questions) {
        return questions.stream().filter(Question::graded).mapToInt(Question::worth).sum();
    }

    static int score(List<Question> questions, SurveyAnswers.Response r) {
        int score = 0;
        for (int i = 0; i < questions.size(); i++) {
            if (questions.get(i).graded() && questions.get(i).right(r.answer(i))) {
                score += questions.get(i).worth();
            }
        }
        return score;
    }

    /** A person's own result: the score and, question by question, what they chose and what was right. */
    static Reply.Card personal(Survey s, List<String> given, Texts t) {
        List<Question> questions = s.questions();
        SurveyAnswers.Response mine = new SurveyAnswers.Response("", null, given);
        int score = score(questions, mine);
        int total = total(questions);
        List<String> lines = new ArrayList<>();
        lines.add(t.t("quiz.score", score, total, PollView.percent(score, total)));
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            if (!q.graded()) {
                continue;
            }
            String answer = mine.answer(i);
            lines.add(q.right(answer) ? t.t("quiz.answer.right", i + 1, q.label(t), q.shown(answer))
                    : t.t("quiz.answer.wrong", i + 1, q.label(t), answer.isBlank() ? "—" : q.shown(answer),
                            q.rightShown()));
        }
        return new Reply.Card(t.t("quiz.result.title", s.title()), lines, List.of(), List.of(), s.ref());
    }

    /** The class's results: mean, distribution, each question's share of right answers and the hardest ones. */
    static List<String> classLines(List<Question> questions, List<SurveyAnswers.Response> rs, Texts t) {
        int total = total(questions);
        List<Integer> scores = rs.stream().map(r -> score(questions, r)).toList();
        double mean = scores.stream().mapToInt(Integer::intValue).average().orElse(0);
        List<String> lines = new ArrayList<>();
        lines.add(t.t("quiz.results.mean", String.format(Locale.ROOT, "%.1f", mean), total,
                total == 0 ? 0 : Math.round(mean / total * 100)));
        int[] bands = new int[4];
        for (int score : scores) {
            int pct = PollView.percent(score, total);
            bands[pct >= 90 ? 0 : pct >= 70 ? 1 : pct >= 50 ? 2 : 3]++;
        }
        lines.add(t.t("quiz.results.bands", bands[0], bands[1], bands[2], bands[3]));
        List<int[]> rightShare = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            if (!q.graded()) {
                continue;
            }
            int index = i;
            int right = (int) rs.stream().filter(r -> q.right(r.answer(index))).count();
            int pct = PollView.percent(right, rs.size());
            rightShare.add(new int[] {i, pct});
            lines.add(t.t("quiz.results.question", i + 1, q.label(t), pct, PollView.bar(pct), q.rightShown()));
        }
        List<String> hardest = rightShare.stream().filter(x -> x[1] < 100)
                .sorted(Comparator.comparingInt((int[] x) -> x[1]).thenComparingInt(x -> x[0])).limit(HARDEST)
                .map(x -> t.t("quiz.results.hard", x[0] + 1, x[1])).toList();
        if (!hardest.isEmpty()) {
            lines.add(t.t("quiz.results.hardest", String.join(" · ", hardest)));
        }
        return lines;
    }

    static Reply.Image chart(Survey s, List<SurveyAnswers.Response> rs, Texts t) {
        List<Question> questions = s.questions();
        List<Charts.Bar> bars = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            int index = i;
            int right = (int) rs.stream().filter(r -> q.right(r.answer(index))).count();
            bars.add(new Charts.Bar((i + 1) + ". " + q.label(t), PollView.percent(right, rs.size()), null));
        }
        double mean = rs.stream().mapToInt(r -> score(questions, r)).average().orElse(0);
        String legend = t.t("quiz.chart.legend", rs.size(), String.format(Locale.ROOT, "%.1f", mean),
                total(questions));
        String alt = bars.stream().map(b -> b.label() + ": " + b.percent() + "%").collect(Collectors.joining(", "));
        return new Reply.Image(t.t("quiz.chart.title", s.ref()), s.title() + " — " + alt,
                Charts.bars(s.ref() + " " + s.title(), bars, legend));
    }
}
