package dev.baton.schedule;

import java.time.Instant;
import java.util.Optional;

/** Runs one kind of job inside the job's transaction. */
public interface JobHandler {

    String kind();

    /**
     * Does the work; returns when to run again with the same payload, or empty when finished. A handler that needs
     * a different payload next time plans its own key with {@link Schedule#at} and returns empty.
     */
    Optional<Instant> run(Job job);
}
