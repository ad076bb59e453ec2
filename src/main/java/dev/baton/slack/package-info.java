/**
 * Slack: a Bolt app behind {@code /slack/events} (signature check, slash commands, buttons, modals, DM and mention
 * events), Block Kit rendering of every reply, and the Web API gateway. No business rules live here.
 */
package dev.baton.slack;
