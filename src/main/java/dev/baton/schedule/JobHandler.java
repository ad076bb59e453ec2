package dev.baton.schedule;

import java.time.Instant;
import java.util.Optional;

/** Runs one kind of job inside the job's transaction. */
public interface JobHandler {

    String kind();

    /** Does the work; returns when to run again, or empty when finished. Re-plan the own key only by returning. */
    Optional<Instant> run(Job job);
}
