package dev.baton.conversation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Where a reply goes. Ids are the platform's own (channel id, user id, message id). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Target.Ephemeral.class, name = "ephemeral"),
        @JsonSubTypes.Type(value = Target.Direct.class, name = "direct"),
        @JsonSubTypes.Type(value = Target.Channel.class, name = "channel"),
        @JsonSubTypes.Type(value = Target.Update.class, name = "update"),
        @JsonSubTypes.Type(value = Target.Modal.class, name = "modal"),
        @JsonSubTypes.Type(value = Target.Home.class, name = "home")})
public sealed interface Target {

    /** One method per target kind, so every adapter handles every kind. */
    interface Visitor<T> {
        T ephemeral(Ephemeral target);

        T direct(Direct target);

        T channel(Channel target);

        T update(Update target);

        T modal(Modal target);

        T home(Home target);
    }

    <T> T accept(Visitor<T> visitor);

    /** Seen only by {@code userId}; {@code responseUrl} answers a command where the bot is not a channel member. */
    record Ephemeral(String channelId, String userId, String responseUrl) implements Target {

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.ephemeral(this);
        }
    }

    /** A direct message to the person. */
    record Direct(String userId) implements Target {

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.direct(this);
        }
    }

    /** A message everyone in the channel sees. */
    record Channel(String channelId) implements Target {

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.channel(this);
        }
    }

    /** Replace a message Baton sent earlier (e.g. after a button click). */
    record Update(String channelId, String messageId, String responseUrl) implements Target {

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.update(this);
        }
    }

    /** Open a form for the person who triggered it. */
    record Modal(String triggerId) implements Target {

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.modal(this);
        }
    }

    /**
     * The person's own page in the app (Slack's App Home tab), replaced as a whole; where a platform has none, a
     * direct message.
     */
    record Home(String userId) implements Target {

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.home(this);
        }
    }
}
