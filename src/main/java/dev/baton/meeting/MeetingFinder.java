package dev.baton.meeting;

import dev.baton.conversation.Args;
import dev.baton.conversation.UsageException;
import dev.baton.team.Member;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** A command's meeting series, occurrence or action item, and who may act on it. */
@Component
class MeetingFinder {

    private final MeetingSeriesRepository seriesRepo;
    private final Meetings meetings;
    private final ActionItems actions;
    private final MeetingView view;

    MeetingFinder(MeetingSeriesRepository seriesRepo, Meetings meetings, ActionItems actions, MeetingView view) {
        this.seriesRepo = seriesRepo;
        this.meetings = meetings;
        this.actions = actions;
        this.view = view;
    }

    Optional<Meeting> findUpcoming(MeetingSeries s, Instant now) {
        return meetings.findBySeriesIdOrderBySeq(s.id()).stream()
                .filter(m -> !m.cancelled() && m.endsAt().isAfter(now)).findFirst();
    }

    /** The next occurrence that has not ended (agenda goes there). */
    Meeting upcoming(MeetingSeries s, Instant now) {
        return findUpcoming(s, now).orElseThrow(() -> new UsageException(null, "meeting.error.no-upcoming",
                s.ref()));
    }

    /** The latest occurrence that has started and whose minutes are not yet published. */
    Optional<Meeting> recording(MeetingSeries s, Instant now) {
        return meetings.findBySeriesIdOrderBySeq(s.id()).stream()
                .filter(m -> !m.cancelled() && !m.startsAt().isAfter(now) && !m.minutesPublished())
                .reduce((a, b) -> b);
    }

    MeetingSeries series(Member me, Args args) {
        long id = args.ref('M', "meeting.error.ref-missing", "meeting.error.bad-ref");
        return seriesRepo.findByWorkspaceAndNumber(me.workspace(), id)
                .orElseThrow(() -> args.fail("meeting.error.no-such", "M-" + id));
    }

    ActionItem actionItem(Member me, Args args) {
        long id = args.ref('A', "meeting.error.action-ref-missing", "meeting.error.bad-action-ref");
        return actions.findByWorkspaceAndNumber(me.workspace(), id)
                .orElseThrow(() -> args.fail("meeting.error.no-such-action", "A-" + id));
    }

    ActionItem actionById(Member me, String id) {
        return actions.findById(Args.actionId(id)).filter(a -> a.workspace().equals(me.workspace()))
                .orElseThrow(() -> new UsageException(null, "error.unknown-action"));
    }

    static <T> T end(T value, Args args) {
        args.expectEnd();
        return value;
    }

    void requireParticipant(Member me, MeetingSeries s) {
        if (!s.participantIds().contains(me.id()) && !me.isAdmin()) {
            throw new UsageException(null, "meeting.error.not-invited", s.ref(), s.title());
        }
    }

    void requireOrganiser(Member me, MeetingSeries s) {
        if (s.creatorId() != me.id() && !me.isAdmin()) {
            throw new UsageException(null, "meeting.error.organiser-only", s.ref(), view.name(s.creatorId()));
        }
    }

    void requireRecorder(Member me, MeetingSeries s, Meeting m) {
        if (m.recorderId() != me.id() && m.hostId() != me.id() && !me.isAdmin()) {
            throw new UsageException(null, "meeting.error.recorder-only", s.ref(), view.name(m.recorderId()),
                    view.name(m.hostId()));
        }
    }

    void requireActionOwner(Member me, ActionItem a) {
        if (a.ownerId() != me.id() && !me.isAdmin()) {
            throw new UsageException(null, "meeting.error.not-your-action", a.ref(), view.name(a.ownerId()));
        }
    }
}
