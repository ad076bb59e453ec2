package dev.baton.conversation;

/**
 * Where an inbound came from. {@code workspace} is platform-qualified ({@code slack:T123}) so ids from two
 * platforms never collide. {@code responseUrl} and {@code triggerId} are optional platform handles for answering.
 */
public record Origin(
        String platform,
        String workspace,
        String channelId,
        String userId,
        boolean direct,
        String responseUrl,
        String triggerId) {

    public String dialogKey() {
        return workspace + "|" + channelId + "|" + userId;
    }
}
