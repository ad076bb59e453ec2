package dev.baton.poll;

import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.conversation.UsageException;
import dev.baton.system.Charts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Before and after: two sends to the same group (a pre-test and a post-test, a questionnaire and its follow-up)
 * compared question by question — the mean of each scale question, NPS, the share of right answers of each quiz
 * question — and overall, as a table and a chart. Questions are matched by their wording and type; anonymous sends
 * compare only when both reached their minimum of answers.
 */
@Component
class SurveyComparison {

    private final SurveyAnswers answers;
    private final SurveyView view;

    SurveyComparison(SurveyAnswers answers, SurveyView view) {
        this.answers = answers;
        this.view = view;
    }

    /**
     * One compared question (or option): its label, how it is written before and after and the change, both on a
     * 0–100 scale for the chart, and whether it is a scale question (those make the overall of a questionnaire).
     */
    record Row(String label, String shownBefore, String shownAfter, String change, int percentBefore,
            int percentAfter, boolean scale) {
    }

    /** The comparison as a table and, when any question compares, a chart; {@code empty} when none does. */
    record Compared(Reply.Card card, Optional<Reply.Image> chart, boolean empty) {
    }

    /** Both sends must show their results (an anonymous one its minimum of answers); each is read once. */
    Compared compare(Survey before, Survey after, Texts t) {
        requireShown(before);
        requireShown(after);
        List<SurveyAnswers.Response> rb = answers.responses(before.id());
        List<SurveyAnswers.Response> ra = answers.responses(after.id());
        List<Row> rows = rows(before, after, rb, ra, t);
        return new Compared(card(before, after, rows, rb, ra, t), chart(before, after, rows, t), rows.isEmpty());
    }

    private Reply.Card card(Survey before, Survey after, List<Row> rows, List<SurveyAnswers.Response> rb,
            List<SurveyAnswers.Response> ra, Texts t) {
        List<String> lines = new ArrayList<>();
        Set<Long> first = new HashSet<>(answers.participants(before.id()));
        long both = answers.participants(after.id()).stream().filter(first::contains).count();
        lines.add(t.t("survey.compare.group", both, first.size(), answers.participants(after.id()).size(),
                rb.size(), ra.size()));
        if (rows.isEmpty()) {
            lines.add(t.t("survey.compare.nothing", before.ref(), after.ref()));
        }
        for (Row r : rows) {
            lines.add(t.t("survey.compare.row", r.label(), r.shownBefore(), r.shownAfter(), r.change()));
        }
        overall(before, after, rows, rb, ra, t).ifPresent(lines::add);
        return new Reply.Card(t.t("survey.compare.title", before.ref(), after.ref(), after.title()), lines,
                List.of(), List.of(), t.t("survey.compare.footer", before.ref(), after.ref()));
    }

    private Optional<Reply.Image> chart(Survey before, Survey after, List<Row> rows, Texts t) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<Charts.Bar> bars = rows.stream().map(r -> new Charts.Bar(r.label(), r.percentAfter(), r.percentBefore(),
                r.shownBefore() + " → " + r.shownAfter())).toList();
        String alt = rows.stream().map(r -> r.label() + ": " + r.shownBefore() + " → " + r.shownAfter())
                .collect(Collectors.joining(", "));
        return Optional.of(new Reply.Image(t.t("survey.compare.chart", before.ref(), after.ref()),
                after.title() + " — " + alt, Charts.bars(before.ref() + " → " + after.ref() + " " + after.title(),
                        bars, t.t("survey.compare.legend", before.ref(), after.ref()))));
    }

    private void requireShown(Survey s) {
        if (view.withheld(s)) {
            throw new UsageException(null, "survey.compare.withheld", s.ref(), s.minRespondents(),
                    answers.respondents(s.id()));
        }
    }

    private static List<Row> rows(Survey before, Survey after, List<SurveyAnswers.Response> rb,
            List<SurveyAnswers.Response> ra, Texts t) {
        List<Question> qb = before.questions();
        List<Question> qa = after.questions();
        List<Row> rows = new ArrayList<>();
        for (int j = 0; j < qa.size(); j++) {
            Question a = qa.get(j);
            int i = match(qb, a, t);
            if (i < 0) {
                continue;
            }
            if (a.type() == Question.Type.NPS) {
                int nb = SurveyView.nps(SurveyView.scores(SurveyView.answered(rb, i)));
                int na = SurveyView.nps(SurveyView.scores(SurveyView.answered(ra, j)));
                rows.add(new Row("NPS", TrainingReport.signed(nb), TrainingReport.signed(na),
                        TrainingReport.signed(na - nb), (nb + 100) / 2, (na + 100) / 2, false));
            } else if (a.type().scale()) {
                double mb = mean(SurveyView.scores(SurveyView.answered(rb, i)));
                double ma = mean(SurveyView.scores(SurveyView.answered(ra, j)));
                rows.add(new Row(a.label(t), fmt(mb), fmt(ma), signed(ma - mb),
                        (int) Math.round(mb / a.top() * 100), (int) Math.round(ma / a.top() * 100), true));
            } else if (a.type().choice() && !a.graded()) {
                // each option's share of those who answered, for options anyone chose
                List<String> gb = SurveyView.answered(rb, i);
                List<String> ga = SurveyView.answered(ra, j);
                for (int o = 0; o < a.options().size(); o++) {
                    // the same option may stand elsewhere in the earlier send's list
                    int ob = qb.get(i).options().indexOf(a.options().get(o)) + 1;
                    int pb = ob == 0 ? 0 : PollView.percent(SurveyView.chose(gb, ob), gb.size());
                    int pa = PollView.percent(SurveyView.chose(ga, o + 1), ga.size());
                    if (pb > 0 || pa > 0) {
                        rows.add(new Row(a.label(t) + " · " + a.options().get(o), pb + "%", pa + "%",
                                (pa - pb > 0 ? "+" : "") + (pa - pb) + "%", pb, pa, false));
                    }
                }
            } else if (a.graded()) {
                int index = j;
                int pb = share(rb, qb.get(i), i);
                int pa = PollView.percent((int) ra.stream().filter(r -> a.right(r.answer(index))).count(), ra.size());
                rows.add(new Row(a.label(t), pb + "%", pa + "%", (pa - pb > 0 ? "+" : "") + (pa - pb) + "%",
                        pb, pa, false));
            }
        }
        return rows;
    }

    private static Optional<String> overall(Survey before, Survey after, List<Row> rows,
            List<SurveyAnswers.Response> rb, List<SurveyAnswers.Response> ra, Texts t) {
        if (before.quiz() && after.quiz()) {
            double b = meanScorePercent(before, rb);
            double a = meanScorePercent(after, ra);
            return Optional.of(t.t("survey.compare.overall.quiz", fmt(b), fmt(a), signed(a - b)));
        }
        List<Row> likert = rows.stream().filter(Row::scale).toList();
        if (likert.isEmpty()) {
            return Optional.empty();
        }
        // scales of different lengths (1–5, 1–10) compare as shares of their top score
        long b = Math.round(likert.stream().mapToInt(Row::percentBefore).average().orElse(0));
        long a = Math.round(likert.stream().mapToInt(Row::percentAfter).average().orElse(0));
        return Optional.of(t.t("survey.compare.overall", b, a, (a - b > 0 ? "+" : "") + (a - b)));
    }

    private static double meanScorePercent(Survey s, List<SurveyAnswers.Response> rs) {
        List<Question> questions = s.questions();
        int total = QuizView.total(questions);
        return rs.stream().mapToInt(r -> QuizView.score(questions, r)).average().orElse(0)
                / Math.max(1, total) * 100;
    }

    private static int match(List<Question> questions, Question q, Texts t) {
        for (int i = 0; i < questions.size(); i++) {
            Question other = questions.get(i);
            if (other.type() == q.type() && other.label(t).strip().equalsIgnoreCase(q.label(t).strip())) {
                return i;
            }
        }
        return -1;
    }

    private static int share(List<SurveyAnswers.Response> rs, Question q, int index) {
        return PollView.percent((int) rs.stream().filter(r -> q.right(r.answer(index))).count(), rs.size());
    }

    private static double mean(List<Integer> scores) {
        return scores.stream().mapToInt(Integer::intValue).average().orElse(0);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String signed(double v) {
        String s = fmt(v);
        return v > 0.04 ? "+" + s : s.equals("-0.0") ? "0.0" : s;
    }
}
