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

    /**
     * The {@code responseUrl} of a person opening their page in the app (Slack's App Home): the answer replaces
     * that page instead of being a message.
     */
    public static final String HOME = "app:home";

    public boolean fromHome() {
        return HOME.equals(responseUrl);
    }

    public String dialogKey() {
        return workspace + "|" + channelId + "|" + userId;
    }
}
