package dev.baton.poll;

import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.system.Charts;
import dev.baton.team.Team;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** How a poll looks: the channel message with live results, result summaries, the chart and the CSV export. */
@Component
class PollView {

    private static final int NAMES_SHOWN = 8;

    private final Ballots ballots;
    private final Team team;
    private final MessageSource messages;

    PollView(Ballots ballots, Team team, MessageSource messages) {
        this.ballots = ballots;
        this.team = team;
        this.messages = messages;
    }

    /**
     * A snapshot of the votes, taken once per rendering: {@code names} are who chose each option (named polls), and
     * {@code shown} the display names of those the message lists, read together.
     */
    record Tally(Map<Integer, Integer> counts, int voters, Map<Integer, List<Long>> names, Map<Long, String> shown) {

        int count(int position) {
            return counts.getOrDefault(position, 0);
        }

        int choices() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    Tally tally(Poll poll) {
        Map<Integer, List<Long>> names = poll.anonymous() ? Map.of() : ballots.namedVoters(poll.id());
        List<Long> shown = names.values().stream().flatMap(ids -> ids.stream().limit(NAMES_SHOWN)).toList();
        return new Tally(ballots.counts(poll.id()), ballots.voters(poll.id()), names,
                shown.isEmpty() ? Map.of() : team.namesOf(shown));
    }

    /** Texts in the language of the poll's creator: a channel message is one text for everyone. */
    Texts texts(Poll poll) {
        return new Texts(messages, poll.locale());
    }

    /** Why results cannot be shown to {@code viewerIsCreator} now, or null when they can. */
    String withheld(Poll poll, Tally tally, boolean viewerIsCreator, Texts t) {
        if (poll.anonymous() && tally.voters() < poll.minVoters()) {
            return t.t("poll.withheld.anonymous", poll.minVoters(), tally.voters());
        }
        if (poll.hidden() && poll.open() && !viewerIsCreator) {
            return t.t("poll.withheld.hidden");
        }
        return null;
    }

    /** The channel message: question, options with results (when they may be shown), vote buttons while open. */
    Reply.Card message(Poll poll, Poll follows) {
        Texts t = texts(poll);
        Tally tally = tally(poll);
        String withheld = withheld(poll, tally, false, t);
        List<String> lines = new ArrayList<>();
        if (follows != null) {
            lines.add(t.t("poll.follows", follows.ref(), follows.question()));
        }
        for (PollOption o : poll.options()) {
            lines.add(withheld == null ? resultLine(poll, o, tally, t) : "• " + o.label());
        }
        if (withheld == null) {
            summary(poll, tally, t).ifPresent(lines::add);
        } else {
            lines.add(withheld);
        }
        List<Reply.Button> buttons = new ArrayList<>();
        if (poll.open()) {
            for (PollOption o : poll.options()) {
                buttons.add(new Reply.Button(o.label(), PollCommands.ACTION_VOTE, poll.id() + ":" + o.position(),
                        Reply.Button.Style.DEFAULT));
            }
            if (poll.allowAdd() && poll.options().size() < Poll.MAX_OPTIONS) {
                buttons.add(new Reply.Button(t.t("poll.button.suggest"), PollCommands.ACTION_SUGGEST,
                        String.valueOf(poll.id()), Reply.Button.Style.PRIMARY));
            }
        }
        return new Reply.Card(poll.question(), lines, List.of(), buttons, footer(poll, tally, t));
    }

    private String resultLine(Poll poll, PollOption o, Tally tally, Texts t) {
        int n = tally.count(o.position());
        int pct = percent(n, poll.multiple() ? tally.voters() : tally.choices());
        String line = "• " + o.label() + "\n" + bar(pct) + " " + t.t("poll.result", pct, n);
        if (!poll.anonymous() && n > 0) {
            List<Long> ids = tally.names().getOrDefault(o.position(), List.of());
            String names = ids.stream().limit(NAMES_SHOWN).map(id -> tally.shown().getOrDefault(id, "?"))
                    .collect(Collectors.joining(", "));
            if (ids.size() > NAMES_SHOWN) {
                names = names + " " + t.t("poll.and-more", ids.size() - NAMES_SHOWN);
            }
            line = line + " — " + names;
        }
        return line;
    }

    /** Mean and agreement for a Likert item, the Net Promoter Score for an NPS item. */
    java.util.Optional<String> summary(Poll poll, Tally tally, Texts t) {
        if (tally.voters() == 0) {
            return java.util.Optional.empty();
        }
        if (poll.kind() == Poll.Kind.LIKERT) {
            double sum = 0;
            int agree = 0;
            for (PollOption o : poll.options()) {
                sum += o.position() * (double) tally.count(o.position());
                agree += o.position() >= 4 ? tally.count(o.position()) : 0;
            }
            return java.util.Optional.of(t.t("poll.likert.summary", String.format(Locale.ROOT, "%.1f",
                    sum / tally.choices()), percent(agree, tally.choices())));
        }
        if (poll.kind() == Poll.Kind.NPS) {
            // NPS options are 0..10 at positions 1..11
            int promoters = 0;
            int detractors = 0;
            for (PollOption o : poll.options()) {
                int score = o.position() - 1;
                promoters += score >= 9 ? tally.count(o.position()) : 0;
                detractors += score <= 6 ? tally.count(o.position()) : 0;
            }
            int total = tally.choices();
            int nps = Math.round(100f * (promoters - detractors) / total);
            return java.util.Optional.of(t.t("poll.nps.summary", (nps > 0 ? "+" : "") + nps,
                    percent(promoters, total), percent(total - promoters - detractors, total),
                    percent(detractors, total)));
        }
        return java.util.Optional.empty();
    }

    private String footer(Poll poll, Tally tally, Texts t) {
        List<String> parts = new ArrayList<>();
        parts.add(poll.ref());
        parts.add(t.t("poll.mode." + (poll.kind() == Poll.Kind.CHOICE
                ? (poll.multiple() ? "multiple" : "single") : poll.kind().name().toLowerCase(Locale.ROOT))));
        parts.add(t.t(poll.anonymous() ? "poll.privacy.anonymous" : "poll.privacy.named"));
        if (poll.hidden()) {
            parts.add(t.t("poll.privacy.hidden"));
        }
        parts.add(t.t("poll.voters", tally.voters()));
        if (!poll.open()) {
            parts.add(t.t("poll.closed-at", when(poll, poll.closedAt().orElseThrow(), t)));
        } else if (poll.closesAt().isPresent()) {
            parts.add(t.t("poll.closes-at", when(poll, poll.closesAt().get(), t)));
        } else {
            parts.add(t.t("poll.open-until", team.member(poll.creatorId()).displayName()));
        }
        return String.join(" · ", parts);
    }

    String when(Poll poll, Instant at, Texts t) {
        return t.dateTime(at, poll.zone())
                + " (" + poll.zone().getId() + ")";
    }

    /** A bar chart of the results, one bar per option, labelled in the poll's language. */
    Reply.Image chart(Poll poll, Tally tally) {
        Texts t = texts(poll);
        List<Charts.Bar> bars = new ArrayList<>();
        int base = poll.multiple() ? tally.voters() : tally.choices();
        for (PollOption o : poll.options()) {
            int n = tally.count(o.position());
            int pct = percent(n, base);
            bars.add(new Charts.Bar(o.label(), pct, null, pct + "% (" + n + ")"));
        }
        String legend = summary(poll, tally, t).orElse(t.t("poll.voters", tally.voters()));
        String title = poll.ref() + " " + poll.question();
        String alt = poll.options().stream()
                .map(o -> o.label() + ": " + tally.count(o.position()))
                .collect(Collectors.joining(", "));
        return new Reply.Image(t.t("poll.chart.title", poll.ref()), poll.question() + " — " + alt,
                Charts.bars(title, bars, legend));
    }

    /**
     * One row per voter. A named poll lists names; an anonymous one numbers respondents in the order of their
     * opaque ids, which says nothing about who they are or when they voted.
     */
    Reply.File csv(Poll poll, Texts t) {
        Map<String, List<Integer>> byVoter = ballots.byVoter(poll.id());
        // a named poll's voter ids are member ids: their names in one statement, not one per row
        Map<Long, String> names = poll.anonymous() || byVoter.isEmpty() ? Map.of()
                : team.namesOf(byVoter.keySet().stream().map(Long::parseLong).toList());
        StringWriter out = new StringWriter();
        out.write('\uFEFF'); // spreadsheet apps read UTF-8 (Chinese names) correctly only with a BOM
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            csv.printRecord(t.t("poll.csv.respondent"), t.t("poll.csv.choice"), t.t("poll.csv.value"));
            int n = 0;
            for (Map.Entry<String, List<Integer>> e : byVoter.entrySet()) {
                n++;
                String who = poll.anonymous() ? "#" + n : names.getOrDefault(Long.parseLong(e.getKey()), "?");
                for (int position : e.getValue()) {
                    String label = poll.option(position).map(PollOption::label).orElse("?");
                    String value = poll.kind() == Poll.Kind.NPS ? String.valueOf(position - 1)
                            : poll.kind() == Poll.Kind.LIKERT ? String.valueOf(position) : "";
                    csv.printRecord(who, label, value);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] data = out.toString().getBytes(StandardCharsets.UTF_8);
        return new Reply.File(t.t("poll.csv.title", poll.ref()), "poll-" + poll.id() + ".csv", "text/csv", data,
                t.t("poll.csv.summary", poll.ref(), byVoter.size()));
    }

    static int percent(int part, int whole) {
        return whole == 0 ? 0 : Math.round(100f * part / whole);
    }

    static String bar(int pct) {
        int full = Math.round(pct / 10f);
        return "▓".repeat(full) + "░".repeat(10 - full);
    }
}
