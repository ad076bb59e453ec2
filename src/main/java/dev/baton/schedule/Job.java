package dev.baton.schedule;

import java.time.Instant;

/** A due job handed to its {@link JobHandler}; {@code dueAt} is when it was meant to run. */
public record Job(String key, String kind, String payload, Instant dueAt, int attempts) {
}
