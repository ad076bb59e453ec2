package dev.baton.telegram;

import dev.baton.conversation.ChatGateway;
import dev.baton.conversation.Delivery;
import dev.baton.conversation.DeliveryException;
import dev.baton.conversation.Posted;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChat;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.LinkPreviewOptions;
import org.telegram.telegrambots.meta.api.objects.chat.ChatFullInfo;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Sends deliveries through Telegram's Bot API. Telegram has no private messages inside a group: a private answer
 * goes to the person's own chat with Baton, silently (they are looking at it: they just asked), while what Baton
 * starts itself (reminders, hand-offs) notifies. A person who never pressed Start in that chat cannot be written
 * to (403); for an answer to a command they typed in a group the group then gets one line with a link that opens
 * the chat. Telegram has no modals either: a form is listed in the person's chat.
 */
class TelegramChatGateway implements ChatGateway {

    private static final String HTML = "HTML";

    private final TelegramClient client;
    private final CallbackData callbacks;
    private final TelegramPeople people;
    private final TelegramBot bot;
    private final MessageSource messages;

    TelegramChatGateway(TelegramClient client, CallbackData callbacks, TelegramPeople people, TelegramBot bot,
            MessageSource messages) {
        this.client = client;
        this.callbacks = callbacks;
        this.people = people;
        this.bot = bot;
        this.messages = messages;
    }

    @Override
    public String platform() {
        return "telegram";
    }

    /** About one message a second to a chat, thirty a second for the bot. */
    @Override
    public Pace pace() {
        return new Pace(Duration.ofSeconds(1), Duration.ofMillis(34));
    }

    /** Groups (negative chat ids) take twenty messages a minute. */
    @Override
    public Duration channelPace(String channelKey) {
        return channelKey.startsWith("-") ? Duration.ofSeconds(3) : pace().perChannel();
    }

    @Override
    public Optional<Posted> send(Delivery d) {
        return d.target().accept(new Target.Visitor<Optional<Posted>>() {
            @Override
            public Optional<Posted> ephemeral(Target.Ephemeral t) {
                try {
                    return post(t.userId(), d.reply(), true);
                } catch (DeliveryException e) {
                    if (!notStarted(e) || t.channelId() == null || t.channelId().equals(t.userId())) {
                        throw e;
                    }
                    // a command typed in a group by someone Baton may not write to yet
                    return post(t.channelId(), new Reply.Text(startFirst(d.workspace(), t.userId())), true,
                            true);
                }
            }

            @Override
            public Optional<Posted> direct(Target.Direct t) {
                return post(t.userId(), d.reply(), false);
            }

            @Override
            public Optional<Posted> channel(Target.Channel t) {
                return post(t.channelId(), d.reply(), false);
            }

            @Override
            public Optional<Posted> update(Target.Update t) {
                if (t.messageId() == null || !(d.reply() instanceof Reply.Text || d.reply() instanceof Reply.Card)) {
                    // only text can replace text: anything else comes as a new message
                    return post(t.channelId(), d.reply(), true);
                }
                edit(t.channelId(), t.messageId(), d.reply());
                return Optional.empty();
            }

            @Override
            public Optional<Posted> modal(Target.Modal t) {
                return post(t.triggerId(), d.reply(), true);
            }

            @Override
            public Optional<Posted> home(Target.Home t) {
                return post(t.userId(), d.reply(), false);
            }
        });
    }

    private Optional<Posted> post(String chatId, Reply reply, boolean silent) {
        return post(chatId, reply, silent, false);
    }

    private Optional<Posted> post(String chatId, Reply reply, boolean silent, boolean trusted) {
        TelegramMessages.Message m = trusted ? new TelegramMessages.Message(((Reply.Text) reply).text(), List.of())
                : TelegramMessages.of(reply);
        try {
            Message sent;
            if (reply instanceof Reply.Image image) {
                sent = client.execute(SendPhoto.builder().chatId(chatId).caption(m.html()).parseMode(HTML)
                        .photo(new InputFile(new ByteArrayInputStream(image.png()), "chart.png"))
                        .disableNotification(silent).build());
            } else if (reply instanceof Reply.File file) {
                // people see the file's name: make it the title
                String extension = file.filename().contains(".")
                        ? file.filename().substring(file.filename().lastIndexOf('.')) : "";
                String name = file.title().replaceAll("[\\\\/:*?\"<>|]", "_") + extension;
                sent = client.execute(SendDocument.builder().chatId(chatId).caption(m.html()).parseMode(HTML)
                        .document(new InputFile(new ByteArrayInputStream(file.data()), name))
                        .disableNotification(silent).build());
            } else {
                sent = client.execute(SendMessage.builder().chatId(chatId).text(m.html()).parseMode(HTML)
                        .linkPreviewOptions(LinkPreviewOptions.builder().isDisabled(true).build())
                        .replyMarkup(keyboard(m)).disableNotification(silent).build());
            }
            return Optional.of(new Posted(chatId, String.valueOf(sent.getMessageId())));
        } catch (TelegramApiException e) {
            throw failure(e);
        }
    }

    private void edit(String chatId, String messageId, Reply reply) {
        TelegramMessages.Message m = TelegramMessages.of(reply);
        InlineKeyboardMarkup keyboard = keyboard(m);
        try {
            client.execute(EditMessageText.builder().chatId(chatId).messageId(Integer.valueOf(messageId))
                    .text(m.html()).parseMode(HTML)
                    .linkPreviewOptions(LinkPreviewOptions.builder().isDisabled(true).build())
                    .replyMarkup(keyboard == null ? new InlineKeyboardMarkup(List.of()) : keyboard).build());
        } catch (TelegramApiException e) {
            if (e instanceof TelegramApiRequestException r && r.getErrorCode() != null && r.getErrorCode() == 400
                    && String.valueOf(r.getApiResponse()).contains("message is not modified")) {
                return; // the message already says this (two clicks, one answer)
            }
            throw failure(e);
        }
    }

    private InlineKeyboardMarkup keyboard(TelegramMessages.Message m) {
        if (m.rows().isEmpty()) {
            return null;
        }
        List<InlineKeyboardRow> rows = new ArrayList<>();
        for (List<Reply.Button> row : m.rows()) {
            InlineKeyboardRow r = new InlineKeyboardRow();
            for (Reply.Button b : row) {
                r.add(InlineKeyboardButton.builder().text(b.label())
                        .callbackData(callbacks.encode(b.actionId(), b.value())).build());
            }
            rows.add(r);
        }
        return new InlineKeyboardMarkup(rows);
    }

    /** Telegram's refusal as the outbox reads it: 429 waits its {@code retry_after}, other 4xx are final. */
    private static DeliveryException failure(TelegramApiException e) {
        if (e instanceof TelegramApiRequestException r && r.getErrorCode() != null && r.getErrorCode() > 0) {
            int code = r.getErrorCode();
            if (code == 429) {
                Integer after = r.getParameters() == null ? null : r.getParameters().getRetryAfter();
                return new DeliveryException("Telegram: too many requests", false,
                        Duration.ofSeconds(after == null ? 5 : after), e);
            }
            return new DeliveryException("Telegram refused (" + code + "): " + r.getApiResponse(),
                    code >= 400 && code < 500, null, e);
        }
        return new DeliveryException("Telegram unreachable: " + e.getMessage(), false, null, e);
    }

    private static boolean notStarted(DeliveryException e) {
        return e.getCause() instanceof TelegramApiRequestException r && r.getErrorCode() != null
                && r.getErrorCode() == 403;
    }

    /**
     * "alice, I answer in private: open t.me/BatonBot?start=hello and press Start, then try again." In the language
     * and with the name their Telegram app gave with the command (English and their id where another replica took
     * it).
     */
    private String startFirst(String workspace, String userId) {
        Optional<PlatformUser> seen = people.get(userId);
        Locale locale = seen.map(PlatformUser::locale).filter("zh-CN"::equals).map(l -> Locale.SIMPLIFIED_CHINESE)
                .orElse(Locale.ENGLISH);
        String name = seen.map(PlatformUser::displayName).orElse(userId);
        String mention = "<a href=\"tg://user?id=" + userId.replaceAll("[^0-9]", "") + "\">"
                + TelegramMessages.escape(name) + "</a>";
        return bot.username().map(u -> messages.getMessage("telegram.start-first", new Object[] {mention,
                "https://t.me/" + u + "?start=hello"}, locale))
                .orElseGet(() -> messages.getMessage("telegram.start-first-no-link", new Object[] {mention},
                        locale));
    }

    @Override
    public Optional<PlatformUser> lookupUser(String workspace, String userId) {
        Optional<PlatformUser> seen = people.get(userId);
        try {
            ChatFullInfo chat = client.execute(GetChat.builder().chatId(userId).build());
            String name = TelegramPeople.nameOf(chat.getFirstName(), chat.getLastName());
            return Optional.of(new PlatformUser(userId, name != null ? name : chat.getUserName(), null,
                    seen.map(PlatformUser::locale).orElse(null), false));
        } catch (TelegramApiException e) {
            // a person Baton may not write to yet: what their last update said, if this replica saw one
            return seen;
        }
    }

    @Override
    public Optional<PlatformUser> profileAtHand(String workspace, String userId) {
        return people.get(userId);
    }
}
