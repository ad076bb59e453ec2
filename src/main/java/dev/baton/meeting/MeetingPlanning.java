package dev.baton.meeting;

import dev.baton.conversation.Args;
import dev.baton.conversation.CommandSpec;
import dev.baton.conversation.Context;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import dev.baton.conversation.Texts;
import dev.baton.conversation.Token;
import dev.baton.conversation.UsageException;
import dev.baton.conversation.When;
import dev.baton.team.Department;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Planning a meeting series, typed ({@code /meeting new "Process sync" wed 10:00 weekly with @alice @bob}) or through
 * its form: its time, length and repetition, participants (people or a department), roles, the first occurrence
 * and the invitations.
 */
@Component
class MeetingPlanning {

    private static final Pattern HOURS = Pattern.compile("(?i)(\\d{1,2})\\s*(h|小时)");
    private static final int MAX_PARTICIPANTS = 50;
    private static final String[] NEW_FLAGS = {"for", "weekly", "biweekly", "monthly", "with", "dept", "host",
        "recorder", "timekeeper", "fixed-roles", "每周", "双周", "每月"};

    private final MeetingSeriesRepository seriesRepo;
    private final Meetings meetings;
    private final MeetingView view;
    private final MeetingLifecycle lifecycle;
    private final Team team;

    MeetingPlanning(MeetingSeriesRepository seriesRepo, Meetings meetings, MeetingView view, MeetingLifecycle lifecycle,
            Team team) {
        this.seriesRepo = seriesRepo;
        this.meetings = meetings;
        this.view = view;
        this.lifecycle = lifecycle;
        this.team = team;
    }

    void create(Context ctx, Member me, Args args) {
        String title = args.quoted("meeting.error.title-missing");
        if (title.length() > 150) {
            throw args.fail("meeting.error.title-long");
        }
        ZonedDateTime start = When.dateTime(args, ctx.now(), LocalTime.of(10, 0), "meeting.error.when-missing",
                "error.bad-date");
        Duration length = Duration.ofMinutes(60);
        MeetingSeries.Recurrence recurrence = MeetingSeries.Recurrence.NONE;
        Set<Long> people = new LinkedHashSet<>();
        people.add(me.id());
        Member host = null;
        Member recorder = null;
        Member timekeeper = null;
        boolean fixed = false;
        while (args.hasMore()) {
            Token t = args.peek().orElseThrow();
            if (t.kind() == Token.Kind.MENTION) {
                people.add(team.mentioned(me, args.next("error.mention-missing"), "meeting.new").id());
                continue;
            }
            String flag = args.take(NEW_FLAGS).orElseThrow(() -> args.fail("error.unexpected", t.text()));
            switch (flag) {
                case "for" -> length = length(args);
                case "weekly", "每周" -> recurrence = MeetingSeries.Recurrence.WEEKLY;
                case "biweekly", "双周" -> recurrence = MeetingSeries.Recurrence.BIWEEKLY;
                case "monthly", "每月" -> recurrence = MeetingSeries.Recurrence.MONTHLY;
                case "with" -> {
                    // the mentions that follow are read by the loop
                }
                case "dept" -> {
                    String key = args.word("error.dept-key-missing");
                    Department d = team.requireDepartment(me.workspace(), key.toLowerCase(Locale.ROOT),
                            "meeting.new");
                    team.inDepartment(d.id()).forEach(m -> people.add(m.id()));
                }
                case "host" -> host = team.mentioned(me, args.next("error.mention-missing"), "meeting.new");
                case "recorder" -> recorder = team.mentioned(me, args.next("error.mention-missing"), "meeting.new");
                case "timekeeper" -> timekeeper = team.mentioned(me, args.next("error.mention-missing"),
                        "meeting.new");
                default -> fixed = true;
            }
        }
        for (Member role : new Member[] {host, recorder, timekeeper}) {
            if (role != null) {
                people.add(role.id());
            }
        }
        List<Long> ids = new ArrayList<>(people);
        if (ids.size() < 2) {
            throw args.fail("meeting.error.nobody");
        }
        if (ids.size() > MAX_PARTICIPANTS) {
            throw args.fail("meeting.error.too-many", MAX_PARTICIPANTS);
        }
        if (!start.toInstant().isAfter(ctx.instant())) {
            throw args.fail("meeting.error.in-past");
        }
        if (start.toInstant().isAfter(ctx.instant().plus(Duration.ofDays(366)))) {
            throw args.fail("meeting.error.too-far");
        }
        // default roles: the organiser hosts, the next two participants record and keep time
        int h = host != null ? ids.indexOf(host.id()) : 0;
        int r = recorder != null ? ids.indexOf(recorder.id()) : Math.floorMod(h + 1, ids.size());
        int k = timekeeper != null ? ids.indexOf(timekeeper.id()) : Math.floorMod(r + 1, ids.size());
        MeetingSeries s = seriesRepo.save(MeetingSeries.plan(me.workspace(), title, start, length,
                recurrence, fixed, ids, new MeetingSeries.Roles(h, r, k), me.id(), ctx.instant()));
        Meeting first = meetings.save(Meeting.of(s, 0, List.of()));
        lifecycle.planned(first, ctx.instant());
        for (long id : ids) {
            if (id == me.id()) {
                continue;
            }
            Member to = team.member(id);
            Texts t = lifecycle.texts(to);
            ctx.send(new Target.Direct(to.platformUserId()), view.invitation(s, first, to, t),
                    "meeting:" + first.id() + ":invite:" + id);
        }
        ctx.reply(ctx.t("meeting.created", s.ref(), s.title(), view.span(first, me, ctx.texts()),
                ctx.t("meeting.recurrence." + recurrence.name().toLowerCase(Locale.ROOT)), ids.size(),
                view.roles(first, ctx.texts())));
    }

    private static Duration length(Args args) {
        Token t = args.next("meeting.error.length-missing");
        Matcher m = MeetingCommands.MINUTES.matcher(t.text());
        Matcher h = HOURS.matcher(t.text());
        Duration d = m.matches() ? Duration.ofMinutes(Long.parseLong(m.group(1)))
                : h.matches() ? Duration.ofHours(Long.parseLong(h.group(1))) : null;
        if (d == null || d.toMinutes() < 5 || d.toMinutes() > 480) {
            throw args.fail("meeting.error.bad-length", t.text());
        }
        return d;
    }

    Reply.Form newForm(Context ctx, Member me) {
        List<Reply.Option> lengths = java.util.stream.Stream.of(15, 30, 45, 60, 90, 120)
                .map(n -> new Reply.Option(n + "m", ctx.t("meeting.form.minutes", n))).toList();
        List<Reply.Option> recurrences = java.util.Arrays.stream(MeetingSeries.Recurrence.values())
                .map(r -> new Reply.Option(r.name().toLowerCase(Locale.ROOT),
                        ctx.t("meeting.recurrence." + r.name().toLowerCase(Locale.ROOT)))).toList();
        // people by the platform's person picker; a whole department (optional) by its name
        List<Reply.Option> departments = team.departments(me.workspace()).stream()
                .map(d -> new Reply.Option(d.key(), d.name())).toList();
        List<Reply.FormField> fields = new ArrayList<>(List.of(
                new Reply.FormField("title", ctx.t("meeting.form.title"), Reply.FormField.Kind.TEXT, false, null,
                        List.of(), ctx.t("meeting.form.title.hint")),
                new Reply.FormField("when", ctx.t("meeting.form.when"), Reply.FormField.Kind.TEXT, false, null,
                        List.of(), ctx.t("meeting.form.when.hint")),
                new Reply.FormField("length", ctx.t("meeting.form.length"), Reply.FormField.Kind.SELECT, false, "60m",
                        lengths, null),
                new Reply.FormField("recurrence", ctx.t("meeting.form.recurrence"), Reply.FormField.Kind.SELECT,
                        false, "weekly", recurrences, null),
                new Reply.FormField("participants", ctx.t("meeting.form.participants"), Reply.FormField.Kind.PEOPLE,
                        true, null, team.peopleToPick(me), ctx.t("meeting.form.participants.hint"))));
        if (!departments.isEmpty()) {
            fields.add(new Reply.FormField("department", ctx.t("meeting.form.department"),
                    Reply.FormField.Kind.SELECT, true, null, departments, ctx.t("meeting.form.department.hint")));
        }
        return new Reply.Form(MeetingCommands.FORM_NEW, ctx.t("meeting.form.new"), ctx.t("meeting.form.save"), fields,
                null);
    }

    /** The form's answers as the tokens of the equivalent command, so both follow exactly the same rules. */
    void submitNew(Context ctx, Member me, Map<String, String> v) {
        List<Token> tokens = new ArrayList<>();
        String title = Optional.ofNullable(v.get("title")).map(String::strip).orElse("");
        tokens.add(new Token(title.isEmpty() ? Token.Kind.WORD : Token.Kind.QUOTED, title, null));
        tokens.addAll(dev.baton.conversation.Tokenizer.tokenize(Optional.ofNullable(v.get("when")).orElse("")));
        tokens.add(new Token(Token.Kind.WORD, "for", null));
        tokens.add(new Token(Token.Kind.WORD, Optional.ofNullable(v.get("length")).orElse("60m"), null));
        String recurrence = Optional.ofNullable(v.get("recurrence")).orElse("none");
        if (!recurrence.equals("none")) {
            tokens.add(new Token(Token.Kind.WORD, recurrence, null));
        }
        tokens.addAll(dev.baton.conversation.Tokenizer.tokenize(Optional.ofNullable(v.get("participants"))
                .orElse("")));
        Optional.ofNullable(MeetingCommands.blank(v.get("department"))).ifPresent(key -> {
            tokens.add(new Token(Token.Kind.WORD, "dept", null));
            tokens.add(new Token(Token.Kind.WORD, key, null));
        });
        try {
            create(ctx, me, new Args(tokens, null));
        } catch (UsageException e) {
            String k = e.key();
            String field = k.contains("title") ? "title"
                    : k.contains("when") || k.contains("date") || k.contains("past") || k.contains("far") ? "when"
                    : "participants";
            // in the form people are picked, not typed: say so in its words
            ctx.formErrors(Map.of(field, k.equals("meeting.error.nobody") ? ctx.t("meeting.form.error.nobody")
                    : ctx.t(k, e.args())));
        }
    }
}
