/**
 * Persistent, cluster-safe jobs (check-in prompts, reminders). A job is a row keyed by a business key; it runs in
 * the transaction that also completes or reschedules it, so its effects and its completion commit together and a
 * job runs exactly once across replicas and restarts.
 */
package dev.baton.schedule;
