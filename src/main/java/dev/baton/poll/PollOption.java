package dev.baton.poll;

import org.springframework.data.relational.core.mapping.Table;

/** One answer a poll offers; {@code position} numbers it from 1 in display order. */
@Table("poll_option")
record PollOption(int position, String label, Long addedBy) {
}
