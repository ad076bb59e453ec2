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

    /**
     * The {@code triggerId} of a platform without forms (Telegram): a form is asked there one question at a time in
     * the person's own chat ({@link FormQuestions}).
     */
    public static final String ASK = "ask";

    public boolean fromHome() {
        return HOME.equals(responseUrl);
    }

    public String dialogKey() {
        return workspace + "|" + channelId + "|" + userId;
    }
}
