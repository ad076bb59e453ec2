/**
 * Training feedback: quick polls posted to a channel (choice, Likert, NPS; named or anonymous; live or hidden
 * results that update in place, coalesced so a vote storm stays within the platform's limits) and questionnaires
 * sent to a session's participants by DM, with a reminder, results, charts, CSV export and a follow-up. Anonymity
 * holds against everyone, the database included: see {@link dev.baton.poll.BallotKeys}.
 */
package dev.baton.poll;
