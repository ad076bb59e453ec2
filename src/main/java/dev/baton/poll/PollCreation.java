package dev.baton.poll;

import dev.baton.conversation.Args;
import dev.baton.conversation.CommandSpec;
import dev.baton.conversation.Context;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import dev.baton.conversation.Token;
import dev.baton.conversation.UsageException;
import dev.baton.conversation.When;
import dev.baton.system.BatonProperties;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/**
 * Opening a poll, typed ({@code /poll new "Lunch?" pizza noodles}, {@code likert}, {@code nps}, {@code followup}) or
 * through its form: the rules of a poll (options, kinds, privacy, closing), its message in the channel and its
 * closing job; and the form that suggests an option.
 */
@Component
class PollCreation {

    private static final Duration LONGEST = Duration.ofDays(90);
    private static final Pattern DURATION = Pattern.compile("(?i)(\\d{1,4})\\s*(m|min|mins|minutes?|h|hours?|d|days?"
            + "|分钟|小时|天)");
    private static final String[] FLAGS = {"multi", "multiple", "anonymous", "anon", "hidden", "allow-add",
        "closes", "for", "min", "多选", "匿名", "隐藏"};

    private final Polls polls;
    private final PollView view;
    private final PollLifecycle lifecycle;
    private final PollVoting voting;
    private final Team team;
    private final BatonProperties.Polls settings;

    PollCreation(Polls polls, PollView view, PollLifecycle lifecycle, PollVoting voting, Team team,
            BatonProperties properties) {
        this.polls = polls;
        this.view = view;
        this.lifecycle = lifecycle;
        this.voting = voting;
        this.team = team;
        this.settings = properties.polls();
    }

    /** What a person asked for, before the rules are checked. */
    private record Draft(String question, List<String> options, Poll.Kind kind, boolean multiple, boolean anonymous,
            boolean hidden, boolean allowAdd, Integer minVoters, Instant closesAt) {
    }

    void create(Context ctx, Member me, Args args, Poll.Kind kind, Poll earlier) {
        requireChannel(ctx);
        String question = args.quoted("poll.error.question-missing");
        List<String> options = new ArrayList<>();
        if (kind == Poll.Kind.CHOICE) {
            while (args.hasMore() && !isFlag(args.peek().get())) {
                Token t = args.next("poll.error.option-missing");
                options.add(t.text().strip());
            }
        }
        boolean multiple = false;
        boolean anonymous = false;
        boolean hidden = false;
        boolean allowAdd = false;
        Integer min = null;
        Instant closesAt = null;
        while (args.hasMore()) {
            String flag = args.take(FLAGS)
                    .orElseThrow(() -> args.fail("poll.error.unexpected", args.peek().orElseThrow().text()));
            switch (flag) {
                case "multi", "multiple", "多选" -> multiple = true;
                case "anonymous", "anon", "匿名" -> anonymous = true;
                case "hidden", "隐藏" -> hidden = true;
                case "allow-add" -> allowAdd = true;
                case "min" -> min = args.integer("poll.error.min-missing", "poll.error.bad-min", 2, 50);
                case "for" -> closesAt = ctx.instant().plus(duration(args));
                default -> closesAt = When.dateTime(args, ctx.now(), LocalTime.of(18, 0),
                        "poll.error.closes-missing", "error.bad-date").toInstant();
            }
        }
        if (kind != Poll.Kind.CHOICE && (multiple || allowAdd)) {
            throw args.fail("poll.error.scale-options");
        }
        open(ctx, me, ctx.origin().channelId(),
                new Draft(question, options, kind, multiple, anonymous, hidden, allowAdd, min, closesAt),
                earlier, "poll." + (earlier != null ? "followup" : kind == Poll.Kind.CHOICE ? "new"
                        : kind.name().toLowerCase(Locale.ROOT)));
    }

    /** The rules of a poll, shared by the command and the form. */
    private void open(Context ctx, Member me, String channelId, Draft d, Poll earlier, String usage) {
        if (d.question().length() > PollCommands.MAX_QUESTION) {
            throw new UsageException(usage, "poll.error.question-long", PollCommands.MAX_QUESTION);
        }
        List<String> labels = switch (d.kind()) {
            case LIKERT -> IntStream.rangeClosed(1, 5).mapToObj(i -> ctx.t("poll.likert." + i)).toList();
            case NPS -> IntStream.rangeClosed(0, 10).mapToObj(String::valueOf).toList();
            default -> checkedOptions(d.options(), usage);
        };
        if (d.closesAt() != null) {
            if (!d.closesAt().isAfter(ctx.instant())) {
                throw new UsageException(usage, "poll.error.closes-past");
            }
            if (d.closesAt().isAfter(ctx.instant().plus(LONGEST))) {
                throw new UsageException(usage, "poll.error.closes-far");
            }
        }
        int min = d.minVoters() != null ? d.minVoters() : settings.anonymousMinVotes();
        Poll poll = polls.save(Poll.open(me.workspace(), channelId, me.id(), d.question(), labels,
                new Poll.Settings(d.kind(), d.multiple(), d.anonymous(), d.hidden(), d.allowAdd(), min, d.closesAt(),
                        earlier == null ? null : earlier.id()),
                ctx.speaker().locale(), ctx.speaker().zone(), ctx.instant()));
        // the post's own key lets live updates find where it landed
        ctx.send(new Target.Channel(poll.channelId()), view.message(poll, earlier), poll.postKey());
        lifecycle.opened(poll);
        ctx.reply(ctx.t("poll.created", poll.ref(), poll.question(),
                poll.closesAt().map(at -> ctx.t("poll.created.closes", view.when(poll, at, ctx.texts())))
                        .orElse(ctx.t("poll.created.open", poll.ref()))));
    }

    private static List<String> checkedOptions(List<String> options, String usage) {
        if (options.size() < 2) {
            throw new UsageException(usage, "poll.error.too-few");
        }
        if (options.size() > Poll.MAX_OPTIONS) {
            throw new UsageException(usage, "poll.error.too-many", Poll.MAX_OPTIONS, options.size());
        }
        List<String> seen = new ArrayList<>();
        for (String o : options) {
            if (o.isBlank()) {
                throw new UsageException(usage, "poll.error.option-blank");
            }
            if (o.length() > PollCommands.MAX_LABEL) {
                throw new UsageException(usage, "poll.error.option-long", o, PollCommands.MAX_LABEL);
            }
            if (seen.stream().anyMatch(s -> s.equalsIgnoreCase(o))) {
                throw new UsageException(usage, "poll.error.option-twice", o);
            }
            seen.add(o);
        }
        return seen;
    }

    private static boolean isFlag(Token t) {
        return t.kind() == Token.Kind.WORD && List.of(FLAGS).contains(t.text().toLowerCase(Locale.ROOT));
    }

    private static Duration duration(Args args) {
        Token t = args.next("poll.error.duration-missing");
        return parseDuration(t.text()).orElseThrow(() -> args.fail("poll.error.bad-duration", t.text()));
    }

    static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        Duration d = unit.startsWith("m") || unit.equals("分钟") ? Duration.ofMinutes(n)
                : unit.startsWith("h") || unit.equals("小时") ? Duration.ofHours(n) : Duration.ofDays(n);
        return n == 0 ? Optional.empty() : Optional.of(d);
    }

    static void requireChannel(Context ctx) {
        if (ctx.origin().direct()) {
            throw new UsageException(null, "poll.error.in-dm");
        }
    }

    Reply.Form newForm(Context ctx) {
        return new Reply.Form(PollCommands.FORM_NEW, ctx.t("poll.form.new"), ctx.t("poll.form.post"), List.of(
                new Reply.FormField("question", ctx.t("poll.form.question"), Reply.FormField.Kind.TEXT, false, null,
                        List.of(), ctx.t("poll.form.question.hint")),
                new Reply.FormField("options", ctx.t("poll.form.options"), Reply.FormField.Kind.MULTILINE, true, null,
                        List.of(), ctx.t("poll.form.options.hint")),
                new Reply.FormField("kind", ctx.t("poll.form.kind"), Reply.FormField.Kind.SELECT, false, "single",
                        List.of(new Reply.Option("single", ctx.t("poll.mode.single")),
                                new Reply.Option("multiple", ctx.t("poll.mode.multiple")),
                                new Reply.Option("likert", ctx.t("poll.mode.likert")),
                                new Reply.Option("nps", ctx.t("poll.mode.nps"))), null),
                new Reply.FormField("privacy", ctx.t("poll.form.privacy"), Reply.FormField.Kind.SELECT, false, "named",
                        List.of(new Reply.Option("named", ctx.t("poll.form.privacy.named")),
                                new Reply.Option("anonymous", ctx.t("poll.form.privacy.anonymous"))), null),
                new Reply.FormField("results", ctx.t("poll.form.results"), Reply.FormField.Kind.SELECT, false, "live",
                        List.of(new Reply.Option("live", ctx.t("poll.form.results.live")),
                                new Reply.Option("hidden", ctx.t("poll.form.results.hidden"))), null),
                new Reply.FormField("adding", ctx.t("poll.form.adding"), Reply.FormField.Kind.SELECT, false, "no",
                        List.of(new Reply.Option("no", ctx.t("poll.form.no")),
                                new Reply.Option("yes", ctx.t("poll.form.yes"))), null),
                new Reply.FormField("closes", ctx.t("poll.form.closes"), Reply.FormField.Kind.TEXT, true, null,
                        List.of(), ctx.t("poll.form.closes.hint"))),
                ctx.origin().channelId());
    }

    /** The new-poll form and the suggest-an-option form, sent back. */
    void onForm(Context ctx, Inbound.FormSubmission form) {
        Member me = team.member(ctx.speaker().memberId());
        Map<String, String> v = form.values();
        Map<String, String> errors = new LinkedHashMap<>();
        if (form.formId().equals(PollCommands.FORM_SUGGEST)) {
            Poll poll = voting.pollById(me, form.metadata());
            try {
                voting.suggest(ctx, me, poll, Optional.ofNullable(v.get("option")).orElse(""), null);
            } catch (UsageException e) {
                errors.put("option", ctx.t(e.key(), e.args()));
                ctx.formErrors(errors);
            }
            return;
        }
        if (!form.formId().equals(PollCommands.FORM_NEW)) {
            throw new UsageException(null, "error.unknown-action");
        }
        String question = Optional.ofNullable(v.get("question")).map(String::strip).orElse("");
        if (question.isEmpty()) {
            errors.put("question", ctx.t("poll.error.question-missing"));
        }
        String kindValue = Optional.ofNullable(v.get("kind")).orElse("single");
        Poll.Kind kind = switch (kindValue) {
            case "likert" -> Poll.Kind.LIKERT;
            case "nps" -> Poll.Kind.NPS;
            default -> Poll.Kind.CHOICE;
        };
        List<String> options = Optional.ofNullable(v.get("options")).stream()
                .flatMap(s -> s.lines()).map(String::strip).filter(s -> !s.isEmpty()).toList();
        Instant closesAt = null;
        String closes = Optional.ofNullable(v.get("closes")).map(String::strip).orElse("");
        if (!closes.isEmpty()) {
            Optional<Duration> d = parseDuration(closes);
            if (d.isPresent()) {
                closesAt = ctx.instant().plus(d.get());
            } else {
                try {
                    Args a = Args.of(closes).forUsage(null);
                    closesAt = When.dateTime(a, ctx.now(), LocalTime.of(18, 0), "poll.error.closes-missing",
                            "error.bad-date").toInstant();
                    a.expectEnd();
                } catch (UsageException e) {
                    errors.put("closes", ctx.t("poll.form.error.closes", closes));
                }
            }
        }
        if (!errors.isEmpty()) {
            ctx.formErrors(errors);
            return;
        }
        Draft d = new Draft(question, options, kind, kindValue.equals("multiple"), "anonymous".equals(v.get("privacy")),
                "hidden".equals(v.get("results")), kind == Poll.Kind.CHOICE && "yes".equals(v.get("adding")), null,
                closesAt);
        try {
            open(ctx, me, form.metadata(), d, null, null);
        } catch (UsageException e) {
            String field = e.key().startsWith("poll.error.closes") ? "closes"
                    : e.key().startsWith("poll.error.question") ? "question" : "options";
            errors.put(field, ctx.t(e.key(), e.args()));
            ctx.formErrors(errors);
        }
    }
}
