package dev.baton.meeting;

import org.springframework.data.relational.core.mapping.Table;

/** A talking point: who brings it and how many minutes it gets; {@code carriedFrom} is the meeting it came from. */
@Table("agenda_item")
record AgendaItem(int position, String title, long ownerId, int minutes, boolean discussed, Long carriedFrom) {

    AgendaItem markDiscussed() {
        return new AgendaItem(position, title, ownerId, minutes, true, carriedFrom);
    }
}
