package dev.baton.meeting;

import org.springframework.data.relational.core.mapping.Table;

/** A participant of a series; {@code position} is their place in the role rotation. */
@Table("meeting_participant")
record Participant(int position, long memberId) {
}
