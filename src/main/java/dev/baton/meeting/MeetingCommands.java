package dev.baton.meeting;

import dev.baton.conversation.Args;
import dev.baton.conversation.CommandHandler;
import dev.baton.conversation.CommandSpec;
import dev.baton.conversation.CommandSpec.Usage;
import dev.baton.conversation.Context;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import dev.baton.conversation.UsageException;
import dev.baton.conversation.When;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** {@code /meeting}: plan a series, collect and publish the agenda, record decisions and actions, follow up. */
@Component
class MeetingCommands implements CommandHandler {

    static final String FORM_EXTEND = "meeting.extend-form";
    static final String FORM_NEW = "meeting.new-form";
    static final String FORM_RECORD = "meeting.record-form";
    static final Pattern MINUTES = Pattern.compile("(?i)(\\d{1,3})\\s*(m|min|mins|分钟)");

    private static final CommandSpec SPEC = new CommandSpec("meeting", "meeting.summary", List.of(
            new Usage("meeting.new", "new \"Process sync\" wed 10:00 [for 60m] [weekly|biweekly|monthly] "
                    + "with @alice @bob [dept sales] [host @x] [recorder @y] [timekeeper @z] [fixed-roles]",
                    "meeting.help.new"),
            new Usage("meeting.list", "list", "meeting.help.list"),
            new Usage("meeting.show", "show M-1", "meeting.help.show"),
            new Usage("meeting.agenda", "agenda M-1 [add \"topic\" [owner @x] [10m] | publish | done 2]",
                    "meeting.help.agenda"),
            new Usage("meeting.decide", "decide M-1 \"decision\"", "meeting.help.decide"),
            new Usage("meeting.action", "action M-1 \"what\" @owner due fri [deliverable \"what counts as done\"]",
                    "meeting.help.action"),
            new Usage("meeting.minutes", "minutes M-1", "meeting.help.minutes"),
            new Usage("meeting.publish", "publish M-1", "meeting.help.publish"),
            new Usage("meeting.actions", "actions [mine | @member | M-1]", "meeting.help.actions"),
            new Usage("meeting.done", "done A-1", "meeting.help.done"),
            new Usage("meeting.extend", "extend A-1 fri [\"reason\"]", "meeting.help.extend"),
            new Usage("meeting.invite", "invite M-1", "meeting.help.invite"),
            new Usage("meeting.cancel", "cancel M-1", "meeting.help.cancel"),
            new Usage("meeting.feed", "feed [reset]", "meeting.help.feed")));

    private final MeetingSeriesRepository seriesRepo;
    private final ActionItems actions;
    private final MeetingView view;
    private final MeetingLifecycle lifecycle;
    private final MeetingFeeds feeds;
    private final MeetingFinder finder;
    private final MeetingRecords records;
    private final MeetingActions actionItems;
    private final Team team;
    private final MeetingHolidays holidays;
    private final MeetingPlanning planning;

    MeetingCommands(MeetingSeriesRepository seriesRepo, ActionItems actions, MeetingView view,
            MeetingLifecycle lifecycle, MeetingFeeds feeds, MeetingFinder finder, MeetingRecords records,
            MeetingActions actionItems, Team team, MeetingHolidays holidays, MeetingPlanning planning) {
        this.holidays = holidays;
        this.planning = planning;
        this.seriesRepo = seriesRepo;
        this.actions = actions;
        this.view = view;
        this.lifecycle = lifecycle;
        this.feeds = feeds;
        this.finder = finder;
        this.records = records;
        this.actionItems = actionItems;
        this.team = team;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(Context ctx, Args args) {
        Member me = team.member(ctx.speaker().memberId());
        if (!args.hasMore()) {
            list(ctx, me);
            return;
        }
        String sub = args.subcommand("meeting", "new", "list", "show", "agenda", "decide", "action", "minutes",
                "publish",
                "actions", "done", "extend", "invite", "cancel", "feed");
        Args a = args.forUsage("meeting." + sub);
        switch (sub) {
            case "new" -> {
                if (!a.hasMore() && ctx.origin().triggerId() != null) {
                    ctx.openForm(planning.newForm(ctx, me));
                    return;
                }
                planning.create(ctx, me, a);
            }
            case "minutes" -> {
                MeetingSeries s = MeetingFinder.end(finder.series(me, a), a);
                Meeting m = finder.recording(s, ctx.instant())
                        .orElseThrow(() -> new UsageException(null, "meeting.error.not-held", s.ref()));
                finder.requireRecorder(me, s, m);
                ctx.openForm(records.recordForm(ctx, s));
            }
            case "list" -> {
                a.expectEnd();
                list(ctx, me);
            }
            case "show" -> show(ctx, me, MeetingFinder.end(finder.series(me, a), a));
            case "agenda" -> records.agenda(ctx, me, a);
            case "decide" -> records.decide(ctx, me, a);
            case "action" -> records.action(ctx, me, a);
            case "publish" -> records.publish(ctx, me, MeetingFinder.end(finder.series(me, a), a));
            case "actions" -> actionItems.listActions(ctx, me, a);
            case "done" -> actionItems.done(ctx, me, MeetingFinder.end(finder.actionItem(me, a), a));
            case "extend" -> actionItems.extend(ctx, me, a);
            case "invite" -> {
                MeetingSeries s = MeetingFinder.end(finder.series(me, a), a);
                finder.requireParticipant(me, s);
                Meeting m = finder.upcoming(s, ctx.instant());
                ctx.send(new Target.Direct(ctx.origin().userId()), view.invite(s, m, ctx.texts()));
                ctx.reply(ctx.t("meeting.invite.sent", s.ref()));
            }
            case "cancel" -> cancel(ctx, me, MeetingFinder.end(finder.series(me, a), a));
            default -> {
                boolean reset = a.take("reset").isPresent();
                a.expectEnd();
                ctx.reply(ctx.t(reset ? "meeting.feed.reset" : "meeting.feed", feeds.linkFor(me, reset)));
            }
        }
    }

    // ---- planning ---------------------------------------------------------------------------------------------

    private void cancel(Context ctx, Member me, MeetingSeries s) {
        finder.requireOrganiser(me, s);
        lifecycle.cancel(ctx, me, s, finder.upcoming(s, ctx.instant()));
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public void onForm(Context ctx, Inbound.FormSubmission form) {
        Member me = team.member(ctx.speaker().memberId());
        if (form.formId().equals(FORM_NEW)) {
            planning.submitNew(ctx, me, form.values());
            return;
        }
        if (form.formId().equals(FORM_RECORD)) {
            records.submitRecord(ctx, me, form);
            return;
        }
        if (!form.formId().equals(FORM_EXTEND)) {
            throw new UsageException(null, "error.unknown-action");
        }
        ActionItem a = finder.actionById(me, form.metadata());
        String dueText = Optional.ofNullable(form.values().get("due")).map(String::strip).orElse("");
        Optional<LocalDate> due = When.date(dueText, ctx.now().toLocalDate());
        if (due.isEmpty()) {
            ctx.formErrors(Map.of("due", ctx.t("error.bad-date", dueText)));
            return;
        }
        String reason = Optional.ofNullable(form.values().get("reason")).map(String::strip).filter(r -> !r.isEmpty())
                .orElse(null);
        try {
            actionItems.extend(ctx, me, a, due.get(), reason, null);
        } catch (UsageException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            errors.put("due", ctx.t(e.key(), e.args()));
            ctx.formErrors(errors);
        }
    }

    // ---- listing ----------------------------------------------------------------------------------------------

    private void list(Context ctx, Member me) {
        List<MeetingSeries> mine = seriesRepo.findByParticipant(me.id()).stream()
                .filter(s -> s.workspace().equals(me.workspace())).toList();
        List<String> lines = new ArrayList<>();
        for (MeetingSeries s : mine) {
            finder.findUpcoming(s, ctx.instant()).ifPresent(m -> lines.add(ctx.t("meeting.list.line", s.ref(),
                    s.title(),
                    view.span(m, me, ctx.texts()), ctx.t("meeting.recurrence." + s.recurrence().name()
                            .toLowerCase(Locale.ROOT)))));
        }
        if (lines.isEmpty()) {
            ctx.reply(ctx.t("meeting.list.empty"));
            return;
        }
        ctx.reply(new Reply.Card(ctx.t("meeting.list.title"), lines, List.of(), List.of(),
                ctx.t("meeting.list.footer")));
    }

    private void show(Context ctx, Member me, MeetingSeries s) {
        finder.requireParticipant(me, s);
        Meeting m = finder.upcoming(s, ctx.instant());
        ctx.reply(view.agenda(s, m, actions.findBySeriesIdAndStatusOrderByDueDate(s.id(), "OPEN"), me, ctx.texts(),
                !m.agendaPublished()));
    }

    @Override
    public void onButton(Context ctx, Inbound.ButtonAction action) {
        if (action.actionId().startsWith(MeetingHolidays.PREFIX)) {
            holidays.onButton(ctx, action);
        } else {
            actionItems.onButton(ctx, action);
        }
    }
}
