package dev.baton.poll;

import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Deliveries;
import dev.baton.conversation.Delivery;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Posted;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import dev.baton.conversation.Texts;
import dev.baton.conversation.UsageException;
import dev.baton.schedule.Job;
import dev.baton.schedule.JobHandler;
import dev.baton.schedule.Schedule;
import dev.baton.system.BatonProperties;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Live module feedback: {@code /survey live "Module 2: objections"} posts "rate this module" to the channel; each
 * click rates difficulty or usefulness (1–5, changeable), Comment opens a short form; the message shows the
 * running means a moment later (one coalesced edit for a burst of clicks, as polls do), and the next module — or
 * {@code /survey live close} — closes it with the final numbers in the channel and the comments for the trainer.
 * Always anonymous: raters are keyed hashes, re-hashed with a forgotten salt at close; numbers show from
 * the team's minimum of answers.
 */
@Component
class LiveModuleFeedback implements JobHandler {

    static final String ACTION_RATE = "survey.live-rate";
    static final String ACTION_COMMENT = "survey.live-comment";
    static final String FORM_COMMENT = "survey.live-comment-form";
    static final String REFRESH = "survey.live-refresh";
    private static final int MAX_TITLE = 150;
    private static final int MAX_COMMENT = 1000;

    private final LiveModules modules;
    private final JdbcClient jdbc;
    private final BallotKeys keys;
    private final Schedule schedule;
    private final Deliveries deliveries;
    private final Team team;
    private final MessageSource messages;
    private final Clock clock;
    private final Duration refreshDelay;
    private final int min;

    LiveModuleFeedback(LiveModules modules, JdbcClient jdbc, BallotKeys keys, Schedule schedule,
            Deliveries deliveries, Team team, MessageSource messages, Clock clock, BatonProperties properties) {
        this.modules = modules;
        this.jdbc = jdbc;
        this.keys = keys;
        this.schedule = schedule;
        this.deliveries = deliveries;
        this.team = team;
        this.messages = messages;
        this.clock = clock;
        this.refreshDelay = properties.polls().refreshDelay();
        this.min = properties.polls().anonymousMinVotes();
    }

    @Override
    public String kind() {
        return REFRESH;
    }

    /** {@code /survey live "Module title"} or {@code /survey live close}. */
    void command(Context ctx, Member me, Args args) {
        SurveyTemplateCommands.requireTrainer(me);
        if (ctx.origin().direct()) {
            throw new UsageException(null, "live.error.in-dm");
        }
        String channel = ctx.origin().channelId();
        if (args.take("close", "结束").isPresent()) {
            args.expectEnd();
            List<LiveModule> open = openIn(me.workspace(), channel);
            if (open.isEmpty()) {
                throw new UsageException(null, "live.error.none-open");
            }
            open.forEach(m -> close(m, ctx.instant()));
            ctx.reply(ctx.t("live.closed", open.get(0).title()));
            return;
        }
        String title = args.quoted("live.error.title-missing");
        args.expectEnd();
        if (title.length() > MAX_TITLE) {
            throw args.fail("live.error.title-long", MAX_TITLE);
        }
        // the next module closes the one before
        List<LiveModule> before = openIn(me.workspace(), channel);
        before.forEach(m -> close(m, ctx.instant()));
        LiveModule m = modules.save(LiveModule.open(me.workspace(), me.id(), channel, title, ctx.instant()));
        Texts t = ctx.texts();
        ctx.send(new Target.Channel(channel), message(m, t), m.postKey());
        ctx.reply(before.isEmpty() ? ctx.t("live.opened", title)
                : ctx.t("live.opened.next", title, before.get(0).title()));
    }

    void onButton(Context ctx, Inbound.ButtonAction action) {
        Member me = team.member(ctx.speaker().memberId());
        String[] parts = action.value().split(":");
        LiveModule m = byId(me, parts[0]);
        if (!m.open()) {
            throw new UsageException(null, "live.error.closed", m.title());
        }
        String rater = keys.voter("live:" + m.id(), me.id());
        if (action.actionId().equals(ACTION_COMMENT)) {
            ctx.openForm(new Reply.Form(FORM_COMMENT, ctx.t("live.form.title"), ctx.t("live.form.submit"),
                    List.of(new Reply.FormField("comment", m.title(), Reply.FormField.Kind.MULTILINE, false, null,
                            List.of(), ctx.t("live.form.hint"))), String.valueOf(m.id())));
            return;
        }
        if (parts.length != 3 || !parts[2].matches("[1-5]") || !(parts[1].equals("d") || parts[1].equals("u"))) {
            throw new UsageException(null, "error.unknown-action");
        }
        String column = parts[1].equals("d") ? "difficulty" : "usefulness";
        int score = Integer.parseInt(parts[2]);
        jdbc.sql("INSERT INTO live_module_rating (module_id, rater, " + column + ") VALUES (?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE " + column + " = VALUES(" + column + ")")
                .params(m.id(), rater, score).update();
        changed(m, ctx.instant());
        // never the score itself: this answer passes through the outbox table
        ctx.reply(ctx.t(parts[1].equals("d") ? "live.rated.difficulty" : "live.rated.usefulness", m.title()));
    }

    void onForm(Context ctx, Inbound.FormSubmission form) {
        Member me = team.member(ctx.speaker().memberId());
        LiveModule m = byId(me, form.metadata());
        if (!m.open()) {
            throw new UsageException(null, "live.error.closed", m.title());
        }
        String comment = Optional.ofNullable(form.values().get("comment")).map(String::strip).orElse("");
        if (comment.isEmpty()) {
            ctx.formErrors(java.util.Map.of("comment", ctx.t("live.form.error.empty")));
            return;
        }
        if (comment.length() > MAX_COMMENT) {
            ctx.formErrors(java.util.Map.of("comment", ctx.t("survey.form.error.comment-long", MAX_COMMENT)));
            return;
        }
        jdbc.sql("INSERT INTO live_module_rating (module_id, rater, comment) VALUES (?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE comment = VALUES(comment)")
                .params(m.id(), keys.voter("live:" + m.id(), me.id()), comment).update();
        changed(m, ctx.instant());
        ctx.reply(ctx.t("live.commented", m.title()));
    }

    private void changed(LiveModule m, Instant now) {
        schedule.atIfAbsent(REFRESH + ":" + m.id(), REFRESH, String.valueOf(m.id()), now.plus(refreshDelay));
    }

    /** Final numbers in the channel, the comments to the trainer, raters unlinked for good. */
    void close(LiveModule m, Instant now) {
        m.close(now);
        modules.save(m);
        schedule.cancel(REFRESH + ":" + m.id());
        Member trainer = team.member(m.trainerId());
        Texts t = new Texts(messages, trainer.locale());
        update(m, t, "live:" + m.id() + ":final");
        Tally tally = tally(m.id());
        List<String> lines = new ArrayList<>(summary(tally, t, false));
        if (tally.raters() >= min && !tally.comments().isEmpty()) {
            lines.add(t.t("survey.results.comments"));
            tally.comments().forEach(c -> lines.add("“" + c + "”"));
        }
        deliveries.enqueue(trainer.dm(new Reply.Card(t.t("live.results.title", m.title()), lines, List.of(),
                List.of(), t.t("live.results.footer")), "live:" + m.id() + ":results"));
        jdbc.sql("UPDATE live_module_rating SET rater = SHA2(CONCAT(rater, ?), 256) WHERE module_id = ?")
                .params(BallotKeys.freshSalt(), m.id()).update();
    }

    @Override
    public Optional<Instant> run(Job job) {
        Optional<LiveModule> found = modules.findById(Long.valueOf(job.payload()));
        if (found.isEmpty() || !found.get().open()) {
            return Optional.empty();
        }
        LiveModule m = found.get();
        Member trainer = team.member(m.trainerId());
        if (deliveries.posted(m.postKey()).isEmpty()) {
            // the message itself is still on its way
            return clock.instant().isBefore(m.createdAt().plus(Duration.ofMinutes(10)))
                    ? Optional.of(clock.instant().plusSeconds(5)) : Optional.empty();
        }
        update(m, new Texts(messages, trainer.locale()), "live:" + m.id() + ":refresh:" + clock.millis());
        return Optional.empty();
    }

    private void update(LiveModule m, Texts t, String key) {
        Optional<Posted> posted = deliveries.posted(m.postKey());
        if (posted.isEmpty()) {
            return;
        }
        Member trainer = team.member(m.trainerId());
        deliveries.enqueue(new Delivery(trainer.platform(), trainer.workspace(),
                new Target.Update(posted.get().channelId(), posted.get().messageId(), null), message(m, t), key));
    }

    record Tally(int raters, List<Integer> difficulty, List<Integer> usefulness, List<String> comments) {
    }

    private Tally tally(long moduleId) {
        List<Integer> difficulty = new ArrayList<>();
        List<Integer> usefulness = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        int[] raters = {0};
        jdbc.sql("SELECT difficulty, usefulness, comment FROM live_module_rating WHERE module_id = ? ORDER BY rater")
                .param(moduleId).query((rs, i) -> {
                    raters[0]++;
                    Optional.ofNullable((Integer) rs.getObject(1, Integer.class)).ifPresent(difficulty::add);
                    Optional.ofNullable((Integer) rs.getObject(2, Integer.class)).ifPresent(usefulness::add);
                    Optional.ofNullable(rs.getString(3)).ifPresent(comments::add);
                    return null;
                }).list();
        return new Tally(raters[0], difficulty, usefulness, comments);
    }

    private List<String> summary(Tally tally, Texts t, boolean open) {
        List<String> lines = new ArrayList<>();
        if (tally.raters() < min) {
            lines.add(t.t(open ? "live.results.few" : "live.results.few.closed", tally.raters(), min));
            return lines;
        }
        lines.add(line("live.difficulty", tally.difficulty(), t));
        lines.add(line("live.usefulness", tally.usefulness(), t));
        lines.add(t.t("live.results.count", tally.raters(), tally.comments().size()));
        return lines;
    }

    private static String line(String key, List<Integer> scores, Texts t) {
        double mean = scores.stream().mapToInt(Integer::intValue).average().orElse(0);
        return t.t("live.results.line", t.t(key), String.format(Locale.ROOT, "%.1f", mean),
                PollView.bar((int) Math.round(mean / 5 * 100)), scores.size());
    }

    /** The channel message: the scales, the running numbers, and buttons while it is open. */
    private Reply.Card message(LiveModule m, Texts t) {
        List<String> lines = new ArrayList<>();
        List<Reply.Button> buttons = new ArrayList<>();
        if (m.open()) {
            lines.add(t.t("live.ask"));
            for (int v = 1; v <= 5; v++) {
                buttons.add(new Reply.Button(t.t("live.button.difficulty", v), ACTION_RATE, m.id() + ":d:" + v,
                        Reply.Button.Style.DEFAULT));
            }
            for (int v = 1; v <= 5; v++) {
                buttons.add(new Reply.Button(t.t("live.button.usefulness", v), ACTION_RATE, m.id() + ":u:" + v,
                        Reply.Button.Style.DEFAULT));
            }
            buttons.add(new Reply.Button(t.t("live.button.comment"), ACTION_COMMENT, String.valueOf(m.id()),
                    Reply.Button.Style.PRIMARY));
        }
        lines.addAll(summary(tally(m.id()), t, m.open()));
        return new Reply.Card(t.t(m.open() ? "live.title" : "live.title.closed", m.title()), lines, List.of(),
                buttons, t.t(m.open() ? "live.footer" : "live.footer.closed"));
    }

    private List<LiveModule> openIn(String workspace, String channel) {
        return modules.findByWorkspaceAndChannelIdAndStatus(workspace, channel, "OPEN");
    }

    private LiveModule byId(Member me, String id) {
        return modules.findById(Args.actionId(id)).filter(x -> x.workspace().equals(me.workspace()))
                .orElseThrow(() -> new UsageException(null, "error.unknown-action"));
    }
}
