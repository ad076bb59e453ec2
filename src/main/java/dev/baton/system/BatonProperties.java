package dev.baton.system;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Everything an operator can set, under {@code baton.*}; see the README's configuration reference. */
@ConfigurationProperties("baton")
public record BatonProperties(
        @DefaultValue Slack slack,
        @DefaultValue Feishu feishu,
        @DefaultValue Telegram telegram,
        @DefaultValue Outbox outbox,
        @DefaultValue Schedule schedule,
        @DefaultValue Polls polls,
        @DefaultValue Leads leads,
        @DefaultValue Calendar calendar,
        @DefaultValue("./data") String dataDir,
        @DefaultValue("UTC") String defaultTimeZone,
        @DefaultValue("en") String defaultLocale,
        @DefaultValue("") java.util.List<String> admins) {

    /**
     * Platform user ids (Slack {@code U…}, Feishu {@code ou_…}) that are Baton admins whatever their platform says:
     * Feishu tells apps nothing about tenant admins, so without this nobody there could set up departments.
     */
    public boolean isListedAdmin(String platformUserId) {
        return admins != null && admins.stream().map(String::strip).anyMatch(platformUserId::equals);
    }

    /**
     * Slack: the bot token, and how Slack reaches Baton — through Socket Mode when {@code appToken} ({@code xapp-…})
     * is set (an outbound connection, no public address), over HTTP at {@code /slack/events} when
     * {@code signingSecret} is set; both may be.
     */
    public record Slack(
            @DefaultValue("") String signingSecret,
            @DefaultValue("") String botToken,
            @DefaultValue("") String appToken,
            @DefaultValue("https://slack.com/api/") String apiBaseUrl,
            @DefaultValue("1048576") int maxBodyBytes,
            @DefaultValue("10s") Duration httpTimeout,
            @DefaultValue("1s") Duration pacePerChannel,
            @DefaultValue("50ms") Duration pacePerWorkspace,
            @DefaultValue("2s") Duration answerInAckWithin) {

        public boolean configured() {
            return !botToken.isBlank() && (!signingSecret.isBlank() || !appToken.isBlank());
        }
    }

    /**
     * Feishu (or Lark international with {@code apiBaseUrl=https://open.larksuite.com/open-apis/}): the app's id and
     * secret, the event subscription's verification token and encrypt key, and how events arrive: {@code webhook}
     * (Feishu posts to {@code /feishu/events}) or {@code websocket} (the long connection Baton opens).
     */
    public record Feishu(
            @DefaultValue("") String appId,
            @DefaultValue("") String appSecret,
            @DefaultValue("") String verificationToken,
            @DefaultValue("") String encryptKey,
            @DefaultValue("https://open.feishu.cn/open-apis/") String apiBaseUrl,
            @DefaultValue("1048576") int maxBodyBytes,
            @DefaultValue("10s") Duration httpTimeout,
            @DefaultValue("webhook") String connection) {

        public boolean configured() {
            return !appId.isBlank() && !appSecret.isBlank();
        }
    }

    /**
     * Telegram: the token BotFather gave ({@code 123456:ABC…}) and how updates arrive: {@code polling} (Baton asks
     * Telegram, no public address) or {@code webhook} (Telegram posts to {@code /telegram/updates} with
     * {@code webhookSecret} in its {@code X-Telegram-Bot-Api-Secret-Token} header; with {@code webhookUrl} set Baton
     * registers that address itself).
     */
    public record Telegram(
            @DefaultValue("") String botToken,
            @DefaultValue("https://api.telegram.org") String apiUrl,
            @DefaultValue("polling") String connection,
            @DefaultValue("") String webhookSecret,
            @DefaultValue("") String webhookUrl,
            @DefaultValue("1048576") int maxBodyBytes) {

        public boolean configured() {
            return botToken.matches("\\d+:[A-Za-z0-9_-]+");
        }

        /** The bot's own id, the part of the token before the colon: Baton's workspace on Telegram. */
        public String botId() {
            return botToken.substring(0, Math.max(0, botToken.indexOf(':')));
        }

        public boolean webhook() {
            return "webhook".equalsIgnoreCase(connection.strip());
        }
    }

    /**
     * The working calendar: {@code CN} (mainland China's public holidays and make-up workdays, shipped as data) or
     * {@code none} (Monday to Friday only). Workspaces add their own days with {@code /baton holiday}.
     */
    public record Calendar(@DefaultValue("CN") String country) {
    }

    /** How often the dispatcher looks for messages to send besides right after each commit. */
    public record Outbox(
            @DefaultValue("500ms") Duration pollInterval,
            @DefaultValue("2s") Duration firstRetryDelay,
            @DefaultValue("5m") Duration maxRetryDelay,
            @DefaultValue("24h") Duration maxAge,
            @DefaultValue("2m") Duration lease,
            @DefaultValue("4") int workers) {
    }

    /**
     * How often due jobs are looked for, and how many threads run them. {@code spread}: sends many people get at the same time of day (weekly prompts, digests) go out over this long
     * after it, each person at their own offset (0 for all at once).
     */
    public record Schedule(@DefaultValue("5s") Duration pollInterval, @DefaultValue("1") int workers,
            @DefaultValue("5m") Duration spread) {
    }

    /**
     * {@code ballotKey} keys the hashes that stand for voters in anonymous polls; it must be the same on every
     * replica and must not live in the database (when empty, Baton keeps a generated one in {@code dataDir}).
     * {@code refreshDelay} gathers the votes of that long into one update of a poll's message.
     */
    public record Polls(
            @DefaultValue("") String ballotKey,
            @DefaultValue("3s") Duration refreshDelay,
            @DefaultValue("3") int anonymousMinVotes) {
    }

    /**
     * Leads: {@code workspace} receives leads from the HTTP API (e.g. {@code slack:T0123}); each API source has its
     * own signing secret; each webhook gets every status change, signed with its secret.
     */
    public record Leads(
            @DefaultValue("") String workspace,
            @DefaultValue java.util.Map<String, String> sources,
            @DefaultValue java.util.List<Webhook> webhooks,
            @DefaultValue("65536") int maxBodyBytes,
            @DefaultValue("10s") Duration webhookTimeout,
            @DefaultValue("8") int webhookMaxAttempts,
            @DefaultValue("30s") Duration webhookFirstRetry,
            @DefaultValue("2s") Duration webhookPollInterval) {

        public record Webhook(String name, String url, String secret) {
        }
    }
}
