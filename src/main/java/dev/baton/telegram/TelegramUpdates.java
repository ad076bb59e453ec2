package dev.baton.telegram;

import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * What Telegram sends, however it arrives (long polling or the webhook): messages and button clicks mapped to the
 * engine, de-duplicated by {@code update_id}, so an update delivered twice changes nothing. In a group Baton takes
 * commands ({@code /okr …}, or {@code /okr@BatonBot …} where several bots listen) and messages that mention it,
 * and leaves the rest of the group's talk alone; in its private chat it takes everything. {@code /start} (a person
 * pressing Start, or a deep link) shows their week. Telegram has no forms: every origin says so
 * ({@link Origin#ASK}), and the engine asks a form's fields one by one in the person's chat.
 */
class TelegramUpdates {

    static final String PLATFORM = "telegram";

    /** What became of an update: {@code retry} when the database could not take it (deliver it again later). */
    record Outcome(boolean retry, Optional<String> callbackQueryId, String callbackText) {

        static final Outcome IGNORED = new Outcome(false, Optional.empty(), null);
    }

    private final Conversation conversation;
    private final CallbackData callbacks;
    private final TelegramPeople people;
    private final TelegramBot bot;
    private final String workspace;
    private final String botId;
    private final MessageSource messages;

    TelegramUpdates(Conversation conversation, CallbackData callbacks, TelegramPeople people, TelegramBot bot,
            String botId, MessageSource messages) {
        this.messages = messages;
        this.conversation = conversation;
        this.callbacks = callbacks;
        this.people = people;
        this.bot = bot;
        this.botId = botId;
        this.workspace = PLATFORM + ":" + botId;
    }

    Outcome handle(Update update) {
        String key = PLATFORM + ":" + botId + ":" + update.getUpdateId();
        if (update.hasCallbackQuery()) {
            return click(update.getCallbackQuery(), key);
        }
        if (update.hasMessage()) {
            Inbound inbound = message(update.getMessage());
            if (inbound != null) {
                return new Outcome(conversation.handle(inbound, key).unavailable(), Optional.empty(), null);
            }
        }
        return Outcome.IGNORED;
    }

    private Outcome click(CallbackQuery query, String key) {
        people.saw(query.getFrom());
        MaybeInaccessibleMessage message = query.getMessage();
        Optional<CallbackData.Action> action = callbacks.decode(query.getData());
        if (message == null || action.isEmpty()) {
            // a button Baton no longer knows: the click is answered with the reason, so the spinner stops
            return new Outcome(false, Optional.of(query.getId()), expired(query));
        }
        String chatId = String.valueOf(message.getChatId());
        String userId = String.valueOf(query.getFrom().getId());
        boolean own = message.getChat() != null && message.getChat().isUserChat();
        Origin origin = new Origin(PLATFORM, workspace, chatId, userId, own, null, Origin.ASK);
        boolean retry = conversation.handle(new Inbound.ButtonAction(origin, action.get().actionId(),
                action.get().value(), String.valueOf(message.getMessageId())), key).unavailable();
        return new Outcome(retry, Optional.of(query.getId()), retry ? conversation.unavailableText() : null);
    }

    private String expired(CallbackQuery query) {
        String lang = TelegramPeople.language(query.getFrom().getLanguageCode());
        return messages.getMessage("telegram.button-expired", null,
                "zh-CN".equals(lang) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH);
    }

    private static String entityText(Message m, MessageEntity e) {
        int end = e.getOffset() + e.getLength();
        return e.getOffset() < 0 || end > m.getText().length() ? "" : m.getText().substring(e.getOffset(), end);
    }

    private Inbound message(Message m) {
        if (m.getFrom() == null || Boolean.TRUE.equals(m.getFrom().getIsBot()) || !m.hasText()) {
            return null; // never answer other bots (or ourselves); pictures, stickers and joins say nothing to Baton
        }
        people.saw(m.getFrom());
        boolean own = m.getChat().isUserChat();
        String chatId = String.valueOf(m.getChatId());
        String userId = String.valueOf(m.getFrom().getId());
        String me = bot.username().orElse(null);
        String text = withMentions(m.getText(), m.getEntities(), me);
        boolean mentionsMe = me != null && m.getEntities() != null && m.getEntities().stream()
                .anyMatch(e -> "mention".equals(e.getType()) && ("@" + me).equalsIgnoreCase(entityText(m, e)));
        String typed = text.stripLeading().replaceFirst("^／", "/");
        if (typed.startsWith("/")) {
            String[] parts = typed.substring(1).split("\\s+", 2);
            String command = parts[0];
            int at = command.indexOf('@');
            if (at >= 0) {
                if (me != null && !command.substring(at + 1).equalsIgnoreCase(me)) {
                    return null; // a command for another bot in the group
                }
                command = command.substring(0, at);
            }
            command = command.toLowerCase(Locale.ROOT);
            String rest = parts.length > 1 ? parts[1] : "";
            Origin origin = new Origin(PLATFORM, workspace, chatId, userId, false, null, Origin.ASK);
            if (command.equals("start")) {
                return new Inbound.Command(origin, "week", ""); // Start, or a deep link t.me/<bot>?start=…
            }
            return new Inbound.Command(origin, command, rest);
        }
        if (!own && !mentionsMe) {
            return null; // the group's own conversation
        }
        return new Inbound.Message(new Origin(PLATFORM, workspace, chatId, userId, own, null, Origin.ASK),
                text.strip());
    }

    /**
     * The text with Telegram's mention entities made readable to the engine: a person without a username
     * ({@code text_mention}) becomes {@code <@id|name>}, as commands name people; Baton's own {@code @username} is
     * taken out. Offsets count UTF-16 units, as Java's strings do.
     */
    static String withMentions(String text, List<MessageEntity> entities, String botUsername) {
        if (entities == null || entities.isEmpty()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text);
        List<MessageEntity> sorted = entities.stream()
                .sorted(Comparator.comparing(MessageEntity::getOffset).reversed()).toList();
        for (MessageEntity e : sorted) {
            int start = e.getOffset();
            int end = start + e.getLength();
            if (start < 0 || end > b.length()) {
                continue;
            }
            if ("text_mention".equals(e.getType()) && e.getUser() != null) {
                String name = TelegramPeople.nameOf(e.getUser().getFirstName(), e.getUser().getLastName());
                b.replace(start, end, "<@" + e.getUser().getId() + "|" + (name == null ? "" : name.replace(">", ""))
                        + ">");
            } else if ("mention".equals(e.getType()) && botUsername != null
                    && b.substring(start, end).equalsIgnoreCase("@" + botUsername)) {
                b.replace(start, end, "");
            }
        }
        return b.toString();
    }
}
