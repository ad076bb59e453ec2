package dev.baton.poll;

import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.system.Charts;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;

/** How a questionnaire looks: the invitation, the answer form, results, chart and CSV. */
@Component
class SurveyView {

    static final String ACTION_ANSWER = "survey.answer";
    static final String FORM_ANSWER = "survey.answer-form";

    private final SurveyAnswers answers;
    private final Team team;

    SurveyView(SurveyAnswers answers, Team team) {
        this.answers = answers;
        this.team = team;
    }

    Reply.Card invitation(Survey s, Member to, Texts t, boolean reminder) {
        if (s.quiz()) {
            return QuizView.invitation(s, team.member(s.creatorId()).displayName(), to, t, reminder);
        }
        List<String> lines = new ArrayList<>();
        lines.add(t.t(reminder ? "survey.reminder" : "survey.invitation", team.member(s.creatorId()).displayName(),
                s.title(), s.questions().size()));
        lines.add(t.t(s.anonymous() ? "survey.anonymous" : "survey.named", team.member(s.creatorId()).displayName()));
        lines.add(t.t("survey.closes", when(s.closesAt(), to.zone(), t)));
        return new Reply.Card(t.t("survey.invitation.title", s.title()), lines, List.of(),
                List.of(new Reply.Button(t.t("survey.button.answer"), ACTION_ANSWER, String.valueOf(s.id()),
                        Reply.Button.Style.PRIMARY)), s.ref());
    }

    /** The answer form; {@code deadline} is when a timed quiz must be in (null for no limit). */
    Reply.Form form(Survey s, Texts t, String deadline) {
        List<Reply.FormField> fields = new ArrayList<>();
        List<Question> questions = s.questions();
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            String hint = null;
            if (q.type() == Question.Type.TEXT) {
                hint = q.optional() ? t.t(s.anonymous() ? "survey.comment.hint.anonymous" : "survey.comment.hint")
                        : null;
            } else if (q.type() == Question.Type.MULTI) {
                hint = t.t("survey.form.hint.multi");
            }
            if (i == 0 && deadline != null) {
                hint = t.t("quiz.form.deadline", deadline);
            }
            fields.add(new Reply.FormField(Questions.field(q, i), truncate(q.label(t), 2000), q.formKind(),
                    q.optional(), null, q.formOptions(t), hint));
        }
        return new Reply.Form(FORM_ANSWER, truncate(t.t(s.quiz() ? "quiz.form.title" : "survey.form.title"), 24),
                t.t("survey.form.submit"), fields, String.valueOf(s.id()));
    }

    /** Results for the creator, or why they are withheld (too few answers to an anonymous questionnaire). */
    Reply.Card results(Survey s, Texts t) {
        List<SurveyAnswers.Response> rs = answers.responses(s.id());
        int asked = answers.participants(s.id()).size();
        List<String> lines = new ArrayList<>();
        lines.add(t.t("survey.results.answered", rs.size(), asked));
        if (s.anonymous() && rs.size() < s.minRespondents()) {
            lines.add(t.t("survey.results.withheld", s.minRespondents()));
        } else if (!rs.isEmpty()) {
            lines.addAll(s.quiz() ? QuizView.classLines(s.questions(), rs, t) : questionLines(s.questions(), rs, t));
        }
        return new Reply.Card(t.t("survey.results.title", s.ref(), s.title()), lines, List.of(), List.of(),
                t.t("survey.results.footer", s.ref()));
    }

    static List<String> questionLines(List<Question> questions, List<SurveyAnswers.Response> rs, Texts t) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            List<String> given = answered(rs, i);
            switch (q.type()) {
                case LIKERT, RATING -> lines.add(scaleLine(q.label(t), scores(given), q.top(), t));
                case NPS -> lines.add(npsLine(scores(given), t));
                case SINGLE, MULTI -> {
                    lines.add(t.t("survey.results.question", q.label(t), given.size()));
                    for (int o = 0; o < q.options().size(); o++) {
                        int n = chose(given, o + 1);
                        int pct = PollView.percent(n, given.size());
                        lines.add(t.t("survey.results.option", q.options().get(o), n, pct, PollView.bar(pct)));
                    }
                }
                case TEXT -> {
                    if (!given.isEmpty()) {
                        lines.add(q.key() != null && q.text() == null ? t.t("survey.results.comments")
                                : t.t("survey.results.texts", q.label(t)));
                        given.forEach(c -> lines.add("“" + c.strip() + "”"));
                    }
                }
            }
        }
        return lines;
    }

    /** The answers given to question {@code index} (skipped ones left out). */
    static List<String> answered(List<SurveyAnswers.Response> rs, int index) {
        return rs.stream().map(r -> r.answer(index)).filter(a -> a != null && !a.isBlank()).toList();
    }

    /** How many of the given choice answers ("2", "1 3") include option {@code option} (numbered from 1). */
    static int chose(List<String> given, int option) {
        String o = String.valueOf(option);
        return (int) given.stream().filter(a -> List.of(a.strip().split("\\s+")).contains(o)).count();
    }

    static List<Integer> scores(List<String> given) {
        return given.stream().map(a -> Integer.valueOf(a.strip())).toList();
    }

    boolean withheld(Survey s) {
        int n = answers.respondents(s.id());
        return n == 0 || (s.anonymous() && n < s.minRespondents());
    }

    private static String scaleLine(String label, List<Integer> scores, int top, Texts t) {
        double mean = scores.stream().mapToInt(Integer::intValue).average().orElse(0);
        String distribution = java.util.stream.IntStream.rangeClosed(1, top)
                .mapToObj(v -> v + "×" + scores.stream().filter(x -> x == v).count())
                .collect(Collectors.joining(" "));
        return t.t("survey.results.likert", label, String.format(Locale.ROOT, "%.1f", mean),
                PollView.bar(Math.round((float) (mean / top * 100))), distribution);
    }

    /** Net promoter score: the share of 9–10s minus the share of 0–6s, from -100 to +100 (0 with no scores). */
    static int nps(List<Integer> scores) {
        long promoters = scores.stream().filter(x -> x >= 9).count();
        long detractors = scores.stream().filter(x -> x <= 6).count();
        return scores.isEmpty() ? 0 : Math.round(100f * (promoters - detractors) / scores.size());
    }

    static String npsLine(List<Integer> scores, Texts t) {
        long promoters = scores.stream().filter(x -> x >= 9).count();
        long detractors = scores.stream().filter(x -> x <= 6).count();
        int n = scores.size();
        int nps = nps(scores);
        return t.t("survey.results.nps", (nps > 0 ? "+" : "") + nps, PollView.percent((int) promoters, n),
                PollView.percent((int) (n - promoters - detractors), n), PollView.percent((int) detractors, n));
    }

    /**
     * The results as one image with a chart per question: under each question's heading, its mean as a bar (a scale
     * question) or a bar per option (a choice); NPS goes in the legend, typed answers stay in the text results.
     */
    Reply.Image chart(Survey s, Texts t) {
        List<SurveyAnswers.Response> rs = answers.responses(s.id());
        if (s.quiz()) {
            return QuizView.chart(s, rs, t);
        }
        List<Charts.Bar> bars = new ArrayList<>();
        List<String> alt = new ArrayList<>();
        List<Question> questions = s.questions();
        String legend = t.t("survey.chart.legend", rs.size());
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            List<String> given = answered(rs, i);
            if (q.type() == Question.Type.NPS) {
                legend = legend + " · " + npsLine(scores(given), t);
            } else if (q.type().scale()) {
                double mean = scores(given).stream().mapToInt(Integer::intValue).average().orElse(0);
                String value = String.format(Locale.ROOT, "%.1f / %d", mean, q.top());
                bars.add(Charts.Bar.heading((i + 1) + ". " + q.label(t)));
                bars.add(new Charts.Bar(t.t("survey.chart.mean"), (int) Math.round(mean / q.top() * 100), null,
                        value));
                alt.add(q.label(t) + ": " + value);
            } else if (q.type().choice()) {
                bars.add(Charts.Bar.heading((i + 1) + ". " + q.label(t)));
                for (int o = 0; o < q.options().size(); o++) {
                    int pct = PollView.percent(chose(given, o + 1), given.size());
                    bars.add(new Charts.Bar(q.options().get(o), pct, null));
                    alt.add(q.label(t) + " · " + q.options().get(o) + ": " + pct + "%");
                }
            }
        }
        return new Reply.Image(t.t("survey.chart.title", s.ref()), s.title() + " — " + String.join(", ", alt),
                Charts.bars(s.ref() + " " + s.title(), bars, legend));
    }

    Reply.File csv(Survey s, Texts t) {
        List<SurveyAnswers.Response> rs = answers.responses(s.id());
        List<Question> questions = s.questions();
        StringWriter out = new StringWriter();
        out.write('\uFEFF');
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            List<String> header = new ArrayList<>();
            header.add(t.t("poll.csv.respondent"));
            questions.forEach(q -> header.add(q.label(t)));
            if (s.quiz()) {
                header.add(t.t("quiz.csv.score"));
            }
            csv.printRecord(header);
            int n = 0;
            for (SurveyAnswers.Response r : rs) {
                n++;
                List<String> row = new ArrayList<>();
                row.add(s.anonymous() || r.memberId() == null ? "#" + n : team.member(r.memberId()).displayName());
                for (int i = 0; i < questions.size(); i++) {
                    row.add(questions.get(i).shown(r.answer(i)));
                }
                if (s.quiz()) {
                    row.add(String.valueOf(QuizView.score(questions, r)));
                }
                csv.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Reply.File(t.t("survey.csv.title", s.ref()), "survey-" + s.id() + ".csv", "text/csv",
                out.toString().getBytes(StandardCharsets.UTF_8), t.t("survey.csv.summary", s.ref(), rs.size()));
    }

    static String when(Instant at, ZoneId zone, Texts t) {
        return t.dateTime(at, zone);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
