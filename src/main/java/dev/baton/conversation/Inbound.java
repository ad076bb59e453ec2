package dev.baton.conversation;

import java.util.Map;

/** Something a person did on a platform, already verified and de-duplicated by the adapter. */
public sealed interface Inbound {

    Origin origin();

    /** A slash command ({@code /okr checkin ...}): {@code command} without the slash, {@code text} the rest. */
    record Command(Origin origin, String command, String text) implements Inbound {
    }

    /** A click on a button Baton sent; {@code messageId} identifies the message for in-place updates. */
    record ButtonAction(Origin origin, String actionId, String value, String messageId) implements Inbound {
    }

    /** A submitted form (Slack modal, Feishu card form). Values are keyed by field name. */
    /**
     * A form submitted. {@code instance} names the form the person filled in (a Slack view, the Feishu message that
     * carries the card) when the platform has one: a form accepted once refuses a second submission of the same
     * instance. Null where there is none.
     */
    record FormSubmission(Origin origin, String formId, Map<String, String> values, String metadata,
            String instance) implements Inbound {

        public FormSubmission(Origin origin, String formId, Map<String, String> values, String metadata) {
            this(origin, formId, values, metadata, null);
        }
    }

    /** A plain message to the bot (a DM, or a mention in a channel). */
    record Message(Origin origin, String text) implements Inbound {
    }
}
