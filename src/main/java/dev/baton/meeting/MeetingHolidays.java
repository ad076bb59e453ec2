package dev.baton.meeting;

import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.UsageException;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The host's answer to "this meeting falls on a day off" ({@link MeetingLifecycle} asks when it plans an occurrence
 * on a holiday): skip this one, or move it to the workday offered. Only the series' organisers may; a question
 * answered already (the meeting moved or cancelled since) says so and changes nothing.
 */
@Component
class MeetingHolidays {

    static final String PREFIX = "meeting.holiday-";
    static final String ACTION_SKIP = PREFIX + "skip";
    static final String ACTION_MOVE = PREFIX + "move";

    private final Meetings meetings;
    private final MeetingSeriesRepository seriesRepo;
    private final MeetingLifecycle lifecycle;
    private final MeetingFinder finder;
    private final MeetingView view;
    private final Team team;

    MeetingHolidays(Meetings meetings, MeetingSeriesRepository seriesRepo, MeetingLifecycle lifecycle,
            MeetingFinder finder, MeetingView view, Team team) {
        this.meetings = meetings;
        this.seriesRepo = seriesRepo;
        this.lifecycle = lifecycle;
        this.finder = finder;
        this.view = view;
        this.team = team;
    }

    /** {@code value}: the meeting's id and its start when asked, then (to move) the new start, split by "|". */
    void onButton(Context ctx, Inbound.ButtonAction action) {
        Member me = team.member(ctx.speaker().memberId());
        String[] value = action.value() == null ? new String[0] : action.value().split("\\|");
        if (value.length < 2) {
            throw new UsageException(null, "error.unknown-action");
        }
        Meeting m = meetings.findById(Args.actionId(value[0]))
                .orElseThrow(() -> new UsageException(null, "error.unknown-action"));
        MeetingSeries s = seriesRepo.findById(m.seriesId()).filter(x -> x.workspace().equals(me.workspace()))
                .orElseThrow(() -> new UsageException(null, "error.unknown-action"));
        finder.requireOrganiser(me, s);
        if (m.cancelled() || m.startsAt().toEpochMilli() != Args.actionId(value[1])
                || !m.startsAt().isAfter(ctx.instant())) {
            ctx.reply(ctx.t("meeting.holiday.settled", s.ref(), view.span(m, me, ctx.texts())));
            return;
        }
        if (action.actionId().equals(ACTION_SKIP)) {
            lifecycle.cancel(ctx, me, s, m);
            return;
        }
        if (!action.actionId().equals(ACTION_MOVE) || value.length < 3) {
            throw new UsageException(null, "error.unknown-action");
        }
        Instant wasStart = m.startsAt();
        Instant wasEnd = m.endsAt();
        m.moveTo(Instant.ofEpochMilli(Args.actionId(value[2])));
        meetings.save(m);
        lifecycle.planned(m, ctx.instant());
        lifecycle.tellOthers(ctx, me, s, "meeting:" + m.id() + ":moved:" + m.startsAt().toEpochMilli() + ":",
                (to, t) -> t.t("meeting.holiday.moved.note", me.displayName(), s.title(),
                        MeetingView.span(wasStart, wasEnd, to, t), view.span(m, to, t)));
        ctx.reply(ctx.t("meeting.holiday.moved", s.ref(), MeetingView.span(wasStart, wasEnd, me, ctx.texts()),
                view.span(m, me, ctx.texts())));
    }
}
