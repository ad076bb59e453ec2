package dev.baton.conversation;

import java.util.Optional;

/** A chat platform's outgoing side, implemented by each adapter. */
public interface ChatGateway {

    String platform();

    /**
     * Sends one delivery; throws {@link DeliveryException} with a retry hint when the platform refuses or fails.
     * Returns where a new message landed, for later updates of it; empty for ephemeral answers, updates and forms.
     */
    Optional<Posted> send(Delivery delivery);

    /**
     * The least time between two sends to one channel and to one workspace; the outbox keeps these across
     * replicas, so a backlog drains at the platform's pace instead of flooding it.
     */
    default Pace pace() {
        return new Pace(java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(50));
    }

    record Pace(java.time.Duration perChannel, java.time.Duration perWorkspace) {
    }

    /**
     * The least time between two sends to this channel (its pace key), where a platform paces kinds of chats
     * differently (Telegram: a second per private chat, three per group); {@link Pace#perChannel} otherwise.
     */
    default java.time.Duration channelPace(String channelKey) {
        return pace().perChannel();
    }

    /**
     * Did a send whose outcome we never learned (the replica died mid-request) reach the platform? Empty when the
     * platform cannot tell; the outbox then sends again, preferring a rare duplicate to a lost message.
     */
    default Optional<Boolean> wasDelivered(Delivery delivery, java.time.Instant since) {
        return Optional.empty();
    }

    /** Who is this user? Asked in the background after a member's first contact, and to refresh their name. */
    Optional<PlatformUser> lookupUser(String workspace, String userId);

    /**
     * The platform ids of a channel's members (at most {@code limit}), for the platforms that tell a bot; empty
     * where they do not (Telegram) or when the call fails. Never called on an acknowledgement's path.
     */
    default java.util.List<String> channelMembers(String workspace, String channelId, int limit) {
        return java.util.List.of();
    }

    /**
     * Who is this user, when the platform can say without a call over the network (Baton's own web console)? Such a
     * profile is taken at registration; others follow from {@link #lookupUser} in the background.
     */
    default Optional<PlatformUser> profileAtHand(String workspace, String userId) {
        return Optional.empty();
    }

    record PlatformUser(String userId, String displayName, String timeZone, String locale, boolean admin) {
    }
}
