package dev.baton.meeting;

import org.springframework.data.relational.core.mapping.Table;

/** A decision the recorder logged. */
@Table("meeting_decision")
record Decision(int position, String text, long recordedBy) {
}
