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

    /** One compared question: its label, its value before and after on a 0–100 scale, and how it is written. */
    record Row(String label, double before, double after, String shownBefore, String shownAfter, String change,
            int percentBefore, int percentAfter) {
    }

    Reply.Card compare(Survey before, Survey after, Texts t) {
        requireShown(before);
        requireShown(after);
        List<Row> rows = rows(before, after, t);
        List<String> lines = new ArrayList<>();
        Set<Long> first = new HashSet<>(answers.participants(before.id()));
        long both = answers.participants(after.id()).stream().filter(first::contains).count();
        lines.add(t.t("survey.compare.group", both, first.size(), answers.participants(after.id()).size(),
                answers.respondents(before.id()), answers.respondents(after.id())));
        if (rows.isEmpty()) {
            lines.add(t.t("survey.compare.nothing", before.ref(), after.ref()));
        }
        for (Row r : rows) {
            lines.add(t.t("survey.compare.row", r.label(), r.shownBefore(), r.shownAfter(), r.change()));
        }
        overall(before, after, t).ifPresent(lines::add);
        return new Reply.Card(t.t("survey.compare.title", before.ref(), after.ref(), after.title()), lines,
                List.of(), List.of(), t.t("survey.compare.footer", before.ref(), after.ref()));
    }

    Optional<Reply.Image> chart(Survey before, Survey after, Texts t) {
        List<Row> rows = rows(before, after, t);
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

    /** Whether two sends have anything to compare (a follow-up with questions of its own has not). */
    boolean comparable(Survey before, Survey after, Texts t) {
        return !view.withheld(before) && !view.withheld(after) && !rows(before, after, t).isEmpty();
    }

    private void requireShown(Survey s) {
        if (view.withheld(s)) {
            throw new UsageException(null, "survey.compare.withheld", s.ref(), s.minRespondents(),
                    answers.respondents(s.id()));
        }
    }

    private List<Row> rows(Survey before, Survey after, Texts t) {
        List<Question> qb = before.questions();
        List<Question> qa = after.questions();
        List<SurveyAnswers.Response> rb = answers.responses(before.id());
        List<SurveyAnswers.Response> ra = answers.responses(after.id());
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
                rows.add(new Row("NPS", nb, na, TrainingReport.signed(nb), TrainingReport.signed(na),
                        TrainingReport.signed(na - nb), (nb + 100) / 2, (na + 100) / 2));
            } else if (a.type().scale()) {
                double mb = mean(SurveyView.scores(SurveyView.answered(rb, i)));
                double ma = mean(SurveyView.scores(SurveyView.answered(ra, j)));
                rows.add(new Row(a.label(t), mb, ma, fmt(mb), fmt(ma), signed(ma - mb),
                        (int) Math.round(mb / a.top() * 100), (int) Math.round(ma / a.top() * 100)));
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
                        rows.add(new Row(a.label(t) + " · " + a.options().get(o), pb, pa, pb + "%", pa + "%",
                                (pa - pb > 0 ? "+" : "") + (pa - pb) + "%", pb, pa));
                    }
                }
            } else if (a.graded()) {
                int index = j;
                int pb = share(rb, qb.get(i), i);
                int pa = PollView.percent((int) ra.stream().filter(r -> a.right(r.answer(index))).count(), ra.size());
                rows.add(new Row(a.label(t), pb, pa, pb + "%", pa + "%", (pa - pb > 0 ? "+" : "") + (pa - pb) + "%",
                        pb, pa));
            }
        }
        return rows;
    }

    private Optional<String> overall(Survey before, Survey after, Texts t) {
        if (before.quiz() && after.quiz()) {
            double b = meanScorePercent(before);
            double a = meanScorePercent(after);
            return Optional.of(t.t("survey.compare.overall.quiz", fmt(b), fmt(a), signed(a - b)));
        }
        List<Row> likert = rows(before, after, t).stream().filter(r -> !r.label().equals("NPS")
                && !r.shownBefore().endsWith("%")).toList();
        if (likert.isEmpty()) {
            return Optional.empty();
        }
        // scales of different lengths (1–5, 1–10) compare as shares of their top score
        long b = Math.round(likert.stream().mapToInt(Row::percentBefore).average().orElse(0));
        long a = Math.round(likert.stream().mapToInt(Row::percentAfter).average().orElse(0));
        return Optional.of(t.t("survey.compare.overall", b, a, (a - b > 0 ? "+" : "") + (a - b)));
    }

    private double meanScorePercent(Survey s) {
        List<Question> questions = s.questions();
        int total = QuizView.total(questions);
        return answers.responses(s.id()).stream().mapToInt(r -> QuizView.score(questions, r)).average().orElse(0)
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
