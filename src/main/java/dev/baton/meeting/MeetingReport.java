package dev.baton.meeting;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/** Overdue meeting commitments of a group of people, for the managers' digest. */
@Component
public class MeetingReport {

    private final ActionItems actions;
    private final MeetingView view;

    MeetingReport(ActionItems actions, MeetingView view) {
        this.actions = actions;
        this.view = view;
    }

    public record Overdue(String ref, String title, String owner, LocalDate due) {
    }

    /** Open action items of these people whose due day is before {@code today}. */
    public List<Overdue> overdue(Collection<Long> people, LocalDate today) {
        return people.stream()
                .flatMap(id -> actions.findByOwnerIdAndStatusOrderByDueDate(id, "OPEN").stream())
                .filter(a -> a.dueDate().isBefore(today))
                .sorted(Comparator.comparing(ActionItem::dueDate))
                .map(a -> new Overdue(a.ref(), a.title(), view.name(a.ownerId()), a.dueDate()))
                .toList();
    }
}
