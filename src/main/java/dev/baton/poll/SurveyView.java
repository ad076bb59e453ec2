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
        List<String> lines = new ArrayList<>();
        lines.add(t.t(reminder ? "survey.reminder" : "survey.invitation", team.member(s.creatorId()).displayName(),
                s.title(), s.template().items().size() + 1));
        lines.add(t.t(s.anonymous() ? "survey.anonymous" : "survey.named", team.member(s.creatorId()).displayName()));
        lines.add(t.t("survey.closes", when(s.closesAt(), to.zone(), t)));
        return new Reply.Card(t.t("survey.invitation.title", s.title()), lines, List.of(),
                List.of(new Reply.Button(t.t("survey.button.answer"), ACTION_ANSWER, String.valueOf(s.id()),
                        Reply.Button.Style.PRIMARY)), s.ref());
    }

    Reply.Form form(Survey s, Texts t) {
        List<Reply.FormField> fields = new ArrayList<>();
        for (Survey.Item item : s.template().items()) {
            List<Reply.Option> options = new ArrayList<>();
            for (int v = item.scale().min; v <= item.scale().max; v++) {
                String label = item.scale() == Survey.Scale.LIKERT ? t.t("poll.likert." + v)
                        : v + (v == 0 ? " " + t.t("survey.nps.low") : v == 10 ? " " + t.t("survey.nps.high") : "");
                options.add(new Reply.Option(String.valueOf(v), label));
            }
            fields.add(new Reply.FormField(item.name(), t.t(item.key()), Reply.FormField.Kind.SELECT, false, null,
                    options, null));
        }
        fields.add(new Reply.FormField("comment", t.t(s.template().commentKey()), Reply.FormField.Kind.MULTILINE,
                true, null, List.of(), t.t(s.anonymous() ? "survey.comment.hint.anonymous" : "survey.comment.hint")));
        return new Reply.Form(FORM_ANSWER, truncate(t.t("survey.form.title"), 24), t.t("survey.form.submit"), fields,
                String.valueOf(s.id()));
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
            List<Survey.Item> items = s.template().items();
            for (int i = 0; i < items.size(); i++) {
                Survey.Item item = items.get(i);
                int index = i;
                List<Integer> scores = rs.stream().map(r -> r.scores().get(index)).toList();
                lines.add(item.scale() == Survey.Scale.LIKERT ? likertLine(t.t(item.key()), scores, t)
                        : npsLine(scores, t));
            }
            List<String> comments = rs.stream().map(SurveyAnswers.Response::comment)
                    .filter(c -> c != null && !c.isBlank()).toList();
            if (!comments.isEmpty()) {
                lines.add(t.t("survey.results.comments"));
                comments.forEach(c -> lines.add("“" + c.strip() + "”"));
            }
        }
        return new Reply.Card(t.t("survey.results.title", s.ref(), s.title()), lines, List.of(), List.of(),
                t.t("survey.results.footer", s.ref()));
    }

    boolean withheld(Survey s) {
        int n = answers.respondents(s.id());
        return n == 0 || (s.anonymous() && n < s.minRespondents());
    }

    private static String likertLine(String label, List<Integer> scores, Texts t) {
        double mean = scores.stream().mapToInt(Integer::intValue).average().orElse(0);
        String distribution = java.util.stream.IntStream.rangeClosed(1, 5)
                .mapToObj(v -> v + "×" + scores.stream().filter(x -> x == v).count())
                .collect(Collectors.joining(" "));
        return t.t("survey.results.likert", label, String.format(Locale.ROOT, "%.1f", mean),
                PollView.bar(Math.round((float) (mean / 5 * 100))), distribution);
    }

    private static String npsLine(List<Integer> scores, Texts t) {
        long promoters = scores.stream().filter(x -> x >= 9).count();
        long detractors = scores.stream().filter(x -> x <= 6).count();
        int n = scores.size();
        int nps = Math.round(100f * (promoters - detractors) / n);
        return t.t("survey.results.nps", (nps > 0 ? "+" : "") + nps, PollView.percent((int) promoters, n),
                PollView.percent((int) (n - promoters - detractors), n), PollView.percent((int) detractors, n));
    }

    Reply.Image chart(Survey s, Texts t) {
        List<SurveyAnswers.Response> rs = answers.responses(s.id());
        List<Charts.Bar> bars = new ArrayList<>();
        List<Survey.Item> items = s.template().items();
        String legend = t.t("survey.chart.legend", rs.size());
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            List<Integer> scores = rs.stream().map(r -> r.scores().get(index)).toList();
            if (items.get(i).scale() == Survey.Scale.NPS) {
                legend = legend + " · " + npsLine(scores, t);
                continue;
            }
            double mean = scores.stream().mapToInt(Integer::intValue).average().orElse(0);
            bars.add(new Charts.Bar(t.t(items.get(i).key()), (int) Math.round(mean / 5 * 100), null,
                    String.format(Locale.ROOT, "%.1f / 5", mean)));
        }
        String alt = bars.stream().map(b -> b.label() + ": " + b.valueLabel()).collect(Collectors.joining(", "));
        return new Reply.Image(t.t("survey.chart.title", s.ref()), s.title() + " — " + alt,
                Charts.bars(s.ref() + " " + s.title(), bars, legend));
    }

    Reply.File csv(Survey s, Texts t) {
        List<SurveyAnswers.Response> rs = answers.responses(s.id());
        StringWriter out = new StringWriter();
        out.write('\uFEFF');
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            List<String> header = new ArrayList<>();
            header.add(t.t("poll.csv.respondent"));
            s.template().items().forEach(i -> header.add(t.t(i.key())));
            header.add(t.t(s.template().commentKey()));
            csv.printRecord(header);
            int n = 0;
            for (SurveyAnswers.Response r : rs) {
                n++;
                List<String> row = new ArrayList<>();
                row.add(s.anonymous() || r.memberId() == null ? "#" + n : team.member(r.memberId()).displayName());
                r.scores().forEach(v -> row.add(String.valueOf(v)));
                row.add(r.comment() == null ? "" : r.comment());
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
