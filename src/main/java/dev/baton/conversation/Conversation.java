package dev.baton.conversation;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The engine: finds the speaker, routes the inbound to a feature's handler and commits the handler's changes
 * together with its replies. Bad input rolls everything back and answers how to fix it.
 */
@Service
public class Conversation {

    private static final Logger log = LoggerFactory.getLogger(Conversation.class);
    private static final int LOCK_RETRIES = 5;

    private final Map<String, CommandHandler> handlers = new LinkedHashMap<>();
    private final Speakers speakers;
    private final Deliveries deliveries;
    private final Dialogs dialogs;
    private final MessageSource messages;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final InboundLedger ledger;
    private final MeterRegistry meters;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    Conversation(List<CommandHandler> handlers, Speakers speakers, Deliveries deliveries, Dialogs dialogs,
            MessageSource messages, Clock clock, TransactionTemplate tx, InboundLedger ledger, MeterRegistry meters,
            org.springframework.context.ApplicationEventPublisher events) {
        handlers.stream()
                .sorted((a, b) -> "baton".equals(a.spec().name()) ? -1 : "baton".equals(b.spec().name()) ? 1 : 0)
                .forEach(h -> this.handlers.put(h.spec().name(), h));
        this.speakers = speakers;
        this.deliveries = deliveries;
        this.dialogs = dialogs;
        this.messages = messages;
        this.clock = clock;
        this.tx = tx;
        this.ledger = ledger;
        this.meters = meters;
        this.events = events;
    }

    /**
     * Published in the transaction of an inbound that went through: the people it concerned — the speaker, and
     * whoever else got a message from it ({@code others}, platform user ids) — so what shows their state elsewhere (a
     * home page) can follow. Whether the speaker keeps a home open is known from their row, read for the inbound
     * anyway. {@code fromHome}: the inbound was the person opening their home.
     */
    public record PeopleTouched(String platform, String workspace, long speakerId, boolean speakerKeepsHomeOpen,
            Set<String> others, boolean fromHome) {
    }

    /**
     * What the adapter must still do synchronously: show form errors, or — when Baton cannot reach its database and
     * so could neither change nor answer anything — tell the person to try again ({@link #unavailableText()}).
     * {@code repeated}: the inbound's key was recorded before, so nothing was done (a platform's redelivery, or a
     * replayed request). {@code refused}: the input was answered with what is wrong with it (or with an apology for a
     * fault) and changed nothing.
     */
    public record Handled(Optional<Reply.FormErrors> formErrors, boolean unavailable, Optional<Answer> answer,
            boolean repeated, boolean refused) {

        static final Handled REPEATED = new Handled(Optional.empty(), false, Optional.empty(), true, false);

        Handled(Optional<Reply.FormErrors> formErrors, boolean unavailable, Optional<Answer> answer) {
            this(formErrors, unavailable, answer, false, false);
        }

        /** The input was taken: it did what it asked (a form saved, a vote counted). */
        public boolean accepted() {
            return !unavailable && !repeated && !refused && formErrors.isEmpty();
        }

        Handled(Optional<Reply.FormErrors> formErrors, boolean unavailable) {
            this(formErrors, unavailable, Optional.empty());
        }
    }

    /**
     * The speaker's answer, for an adapter that can carry it in its acknowledgement (a Slack slash command's HTTP
     * response). It is already in the outbox, held: the adapter tells {@link #handedOver} once the acknowledgement
     * is written, or {@link #notHandedOver} when it is not; if neither comes (the replica died in between) the outbox
     * sends it itself once the hold ends, so an answer is never lost.
     */
    public record Answer(Delivery delivery, long heldId) {

        public Reply reply() {
            return delivery.reply();
        }
    }

    /** How long a held answer waits for its adapter before the outbox sends it itself. */
    static final Duration ANSWER_HOLD = Duration.ofSeconds(15);

    /** Handles one inbound; see {@link Handled}. */
    public Handled handle(Inbound inbound) {
        return handle(inbound, null);
    }

    /**
     * Handles an inbound whose answer the adapter can carry in its acknowledgement: the first private answer to the
     * speaker comes back in {@link Handled#answer()}, held in the outbox, instead of waiting for the outbox's round.
     * {@code key} (null for none) is recorded in its transaction as in {@link #handle(Inbound, String)}, and a second
     * one with it is {@link Handled#repeated() repeated}.
     */
    public Handled handleAnswering(Inbound inbound, String key) {
        return handle(inbound, key, true);
    }

    /** The platform says a person's profile changed (a new name): Baton looks it up again soon. */
    public void profileChanged(String workspace, String userId) {
        speakers.profileChanged(workspace, userId);
    }

    /** The adapter's acknowledgement carried the answer: the outbox must not send it. */
    public void handedOver(long heldId) {
        deliveries.handedOver(heldId);
    }

    /** The acknowledgement could not carry the answer (too late, or the connection failed): send it now. */
    public void notHandedOver(long heldId) {
        deliveries.release(heldId);
    }

    /**
     * Handles an inbound the platform may deliver more than once: {@code eventKey} (platform + event id) is recorded
     * in the same transaction as the handler's changes, so a redelivery does nothing and a failed first delivery
     * leaves the retry free to run.
     */
    public Handled handle(Inbound inbound, String eventKey) {
        return handle(inbound, eventKey, false);
    }

    private Handled handle(Inbound inbound, String eventKey, boolean answering) {
        Timer.Sample sample = Timer.start(meters);
        String[] outcome = {"ok"};
        try {
            return process(inbound, eventKey, outcome, answering);
        } catch (DataAccessException | TransactionException e) {
            outcome[0] = "unavailable";
            log.error("Database unavailable while handling {} from {}", inbound.getClass().getSimpleName(),
                    inbound.origin().userId(), e);
            return new Handled(Optional.empty(), true);
        } finally {
            // per feature and kind of input; "usage" is bad input answered with help, "error" a bug
            sample.stop(timer(feature(inbound), kind(inbound), outcome[0]));
        }
    }

    /** Built once per tag combination: looking a meter up by its tags on every inbound costs more than the timing. */
    private Timer timer(String feature, String kind, String outcome) {
        return timers.computeIfAbsent(feature + "/" + kind + "/" + outcome, k -> Timer.builder("baton.inbound")
                .description("Commands, clicks, forms and messages handled")
                .tag("feature", feature).tag("kind", kind).tag("outcome", outcome)
                .publishPercentileHistogram().register(meters));
    }

    private String feature(Inbound inbound) {
        String id = inbound instanceof Inbound.Command c ? c.command()
                : inbound instanceof Inbound.ButtonAction b ? b.actionId()
                : inbound instanceof Inbound.FormSubmission f ? f.formId() : "message";
        String name = id.startsWith("/") ? id.substring(1) : id;
        name = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        name = name.toLowerCase(Locale.ROOT);
        // a bounded set of tag values: unknown commands are counted together
        return handlers.containsKey(name) || name.equals("message") ? name : "unknown";
    }

    private static String kind(Inbound inbound) {
        return inbound instanceof Inbound.Command ? "command" : inbound instanceof Inbound.ButtonAction ? "button"
                : inbound instanceof Inbound.FormSubmission ? "form" : "message";
    }

    /** Bilingual, because without the database Baton cannot look up the person's language. */
    public String unavailableText() {
        return messages.getMessage("error.unavailable", null, Locale.ENGLISH) + "\n"
                + messages.getMessage("error.unavailable", null, Locale.SIMPLIFIED_CHINESE);
    }

    private Handled process(Inbound inbound, String eventKey, String[] outcome, boolean answering) {
        String keyPrefix = "in:" + (eventKey == null ? UUID.randomUUID() : eventKey);
        Speaker[] speaker = {null};
        try {
            Supplier<Handled> attempt = () -> withRetries(() -> tx.execute(status -> {
                Handled handled = run(inbound, eventKey, keyPrefix, answering, speaker);
                if (handled == null) {
                    status.setRollbackOnly();
                }
                return handled;
            }));
            Handled handled = attempt.get();
            if (handled == null) {
                // someone Baton has not met: registered from the platform's profile outside any transaction
                speaker[0] = speakers.resolve(inbound.origin());
                handled = attempt.get();
            }
            return handled;
        } catch (UsageException e) {
            outcome[0] = "usage";
            Texts texts = texts(speaker, inbound);
            return answer(inbound, eventKey, speaker[0], texts, keyPrefix, answering,
                    ctx -> ctx.reply(usageText(texts, e)));
        } catch (DataAccessException | TransactionException e) {
            throw e;
        } catch (RuntimeException e) {
            outcome[0] = "error";
            log.error("Handling {} from {} failed", inbound.getClass().getSimpleName(), inbound.origin().userId(), e);
            Texts texts = texts(speaker, inbound);
            return answer(inbound, eventKey, speaker[0], texts, keyPrefix, answering,
                    ctx -> ctx.reply(texts.t("error.internal")));
        }
    }

    /**
     * One try in one transaction: the event's key first, so a redelivery does nothing, then the speaker; null (and
     * nothing kept) when the speaker is someone Baton has not met yet, who must be registered first.
     */
    private Handled run(Inbound inbound, String eventKey, String keyPrefix, boolean answering, Speaker[] speaker) {
        if (eventKey != null && !ledger.firstDelivery(eventKey)) {
            log.info("Ignoring redelivered event {}", eventKey);
            return Handled.REPEATED;
        }
        if (speaker[0] == null) {
            speaker[0] = speakers.known(inbound.origin()).orElse(null);
            if (speaker[0] == null) {
                return null;
            }
        }
        String formKey = formKey(inbound);
        if (formKey != null && !ledger.firstDelivery(formKey)) {
            // the same form twice (a double click, a card still showing its form): the first one counted
            throw new UsageException(null, "error.form-already-submitted");
        }
        Context ctx = new Context(inbound, speaker[0], new Texts(messages, speaker[0].locale()), clock, dialogs,
                keyPrefix);
        route(ctx, inbound);
        if (formKey != null && ctx.formErrors().isPresent()) {
            ledger.forget(formKey); // sent back to be corrected: the corrected form is welcome
        }
        events.publishEvent(touched(inbound.origin(), speaker[0], ctx.deliveries()));
        return new Handled(ctx.formErrors(), false, enqueue(ctx, answering));
    }

    private static PeopleTouched touched(Origin origin, Speaker speaker, List<Delivery> sent) {
        Set<String> others = new java.util.LinkedHashSet<>();
        for (Delivery d : sent) {
            if (d.target() instanceof Target.Direct direct && !direct.userId().equals(origin.userId())) {
                others.add(direct.userId());
            }
        }
        return new PeopleTouched(origin.platform(), origin.workspace(), speaker.memberId(), speaker.keepsHomeOpen(),
                others, origin.fromHome());
    }

    /** The key that makes a form instance count once, or null when the platform names no instance. */
    private static String formKey(Inbound inbound) {
        if (!(inbound instanceof Inbound.FormSubmission f) || f.instance() == null || f.instance().isBlank()) {
            return null;
        }
        // platforms' view and message ids are short (inbound_event keys hold 200 characters)
        return "form:" + f.origin().platform() + ":" + f.instance() + ":" + f.formId();
    }

    /** The speaker's language for an error answer; one who failed before being found is found (or registered) now. */
    private Texts texts(Speaker[] speaker, Inbound inbound) {
        if (speaker[0] == null) {
            speaker[0] = speakers.resolve(inbound.origin());
        }
        return new Texts(messages, speaker[0].locale());
    }

    /**
     * Writes the context's deliveries to the outbox in their order. When the adapter can answer in its
     * acknowledgement, the first private answer through the request's own reply URL is held for it instead.
     */
    private Optional<Answer> enqueue(Context ctx, boolean answering) {
        Delivery answer = answering ? answerInAck(ctx) : null;
        Optional<Answer> held = Optional.empty();
        for (Delivery d : ctx.deliveries()) {
            if (d == answer) {
                held = Optional.of(new Answer(d, deliveries.hold(d, ANSWER_HOLD)));
            } else {
                deliveries.enqueue(d);
            }
        }
        return held;
    }

    private static Delivery answerInAck(Context ctx) {
        return ctx.deliveries().stream().filter(d -> answersInAck(d, ctx.origin())).findFirst().orElse(null);
    }

    /** Text and cards fit in an acknowledgement; images and files are uploads of their own. */
    private static boolean answersInAck(Delivery d, Origin origin) {
        return d.target() instanceof Target.Ephemeral e && e.responseUrl() != null
                && e.responseUrl().equals(origin.responseUrl())
                && (d.reply() instanceof Reply.Text || d.reply() instanceof Reply.Card);
    }

    /**
     * Runs the transaction again when the database chose it as a deadlock victim or a lock wait timed out: with
     * many people clicking the same poll at once that is expected, and the person's vote must not be lost.
     */
    private static <T> T withRetries(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (ConcurrencyFailureException e) {
                if (attempt >= LOCK_RETRIES) {
                    throw e;
                }
                log.info("Retrying after a lock conflict (attempt {}): {}", attempt, e.getMostSpecificCause().getMessage());
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(5, 40L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private Handled answer(Inbound inbound, String eventKey, Speaker speaker, Texts texts, String keyPrefix,
            boolean answering, Consumer<Context> body) {
        return tx.execute(status -> {
            if (eventKey != null && !ledger.firstDelivery(eventKey)) {
                return Handled.REPEATED;
            }
            Context ctx = new Context(inbound, speaker, texts, clock, dialogs, keyPrefix + ":error");
            body.accept(ctx);
            return new Handled(Optional.empty(), false, enqueue(ctx, answering), false, true);
        });
    }

    private void route(Context ctx, Inbound inbound) {
        if (FormQuestions.asks(inbound.origin()) && formQuestion(ctx, inbound)) {
            return;
        }
        if (inbound instanceof Inbound.Command c) {
            command(ctx, c.command(), c.text());
        } else if (inbound instanceof Inbound.Message m) {
            message(ctx, m.text());
        } else if (inbound instanceof Inbound.ButtonAction b) {
            handlerFor(b.actionId()).onButton(ctx, b);
        } else if (inbound instanceof Inbound.FormSubmission f) {
            handlerFor(f.formId()).onForm(ctx, f);
        }
    }

    /**
     * On a platform that asks forms question by question: an answer to the open form, one of its buttons, or
     * {@code /cancel}; when the answer was the last, the form goes to its feature as a submission. False when the
     * inbound is something else.
     */
    private boolean formQuestion(Context ctx, Inbound inbound) {
        Optional<Inbound.FormSubmission> submission;
        if (inbound instanceof Inbound.ButtonAction b && b.actionId().startsWith(FormQuestions.PREFIX)) {
            submission = FormQuestions.click(ctx, b);
        } else if (inbound instanceof Inbound.Command c && CANCEL.contains(c.command().toLowerCase(Locale.ROOT))) {
            FormQuestions.cancel(ctx);
            return true;
        } else if (inbound instanceof Inbound.Message m) {
            Optional<Dialog> open = FormQuestions.open(ctx);
            if (open.isEmpty()) {
                return false;
            }
            submission = FormQuestions.answer(ctx, open.get(), m.text());
        } else {
            return false;
        }
        if (submission.isPresent()) {
            Context form = ctx.handling(submission.get());
            handlerFor(submission.get().formId()).onForm(form, submission.get());
            FormQuestions.submitted(ctx, form.formErrors());
        }
        return true;
    }

    /** What stops an open form: {@code /cancel} (the command Telegram's menu offers) or 取消. */
    private static final Set<String> CANCEL = Set.of("cancel", "取消");

    private CommandHandler handlerFor(String id) {
        String name = id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
        CommandHandler h = handlers.get(name);
        if (h == null) {
            throw new UsageException(null, "error.unknown-action");
        }
        return h;
    }

    private void command(Context ctx, String name, String text) {
        String command = name.startsWith("/") ? name.substring(1) : name;
        CommandHandler handler = handlers.get(command.toLowerCase(Locale.ROOT));
        if (handler == null) {
            throw new UsageException(null, "error.unknown-command", "/" + command);
        }
        Args args = Args.of(text);
        if (args.peek().map(t -> t.isWord("help") || t.isWord("帮助")).orElse(false)) {
            ctx.reply(help(ctx.texts(), handler));
            return;
        }
        handler.handle(ctx, args);
    }

    /** A DM or mention: the next answer of an open dialog, or a command typed as text ({@code okr list}). */
    private void message(Context ctx, String raw) {
        String text = raw.replaceAll("^\\s*<@[A-Za-z0-9_]+>\\s*", "").strip();
        Optional<Dialog> dialog = ctx.dialog();
        boolean looksLikeCommand = firstWord(text).map(w -> handlers.containsKey(w)).orElse(false);
        if (dialog.isPresent() && !looksLikeCommand) {
            handlerFor(dialog.get().kind()).onDialog(ctx, dialog.get(), Tokenizer.readable(text));
            return;
        }
        if (!looksLikeCommand) {
            boolean timedOut = dialogs.findByDialogKey(ctx.origin().dialogKey()).isPresent();
            if (timedOut) {
                // the person is answering a question we stopped waiting for: say so instead of "not understood"
                ctx.endDialog();
                ctx.reply(ctx.t("error.dialog-expired"));
                return;
            }
            throw new UsageException(null, "error.not-a-command");
        }
        String name = firstWord(text).orElseThrow();
        String rest = text.replaceFirst("^/?\\S+\\s*", "");
        command(ctx, name, rest);
    }

    private static Optional<String> firstWord(String text) {
        String[] parts = text.strip().split("\\s+", 2);
        if (parts.length == 0 || parts[0].isEmpty()) {
            return Optional.empty();
        }
        String w = parts[0].toLowerCase(Locale.ROOT);
        return Optional.of(w.startsWith("/") ? w.substring(1) : w);
    }

    private Reply help(Texts texts, CommandHandler handler) {
        List<String> lines = new ArrayList<>();
        if ("baton".equals(handler.spec().name())) {
            // every other command; /baton's own summary is the title already
            for (CommandHandler h : handlers.values()) {
                if (h != handler) {
                    lines.add("/" + h.spec().name() + " — " + texts.t(h.spec().summaryKey()));
                }
            }
            lines.add("");
        }
        for (CommandSpec.Usage u : handler.spec().usages()) {
            lines.add("/" + handler.spec().name() + " " + u.syntax() + " — " + texts.t(u.helpKey()));
        }
        if ("zh".equals(texts.locale().getLanguage())) {
            keywordsOf(handler).ifPresent(k -> lines.add(texts.t("help.keywords", k)));
        }
        return new Reply.Card(texts.t("help.title", "/" + handler.spec().name(), texts.t(handler.spec().summaryKey())),
                lines, List.of(), List.of(), texts.t("help.footer"));
    }

    /** The Chinese keywords a command's usages take, each with its English one: {@code 从 from · 到 to}. */
    private static Optional<String> keywordsOf(CommandHandler handler) {
        Set<String> words = new HashSet<>();
        for (CommandSpec.Usage u : handler.spec().usages()) {
            words.addAll(List.of(u.syntax().replaceAll("[\\[\\]|\"]", " ").strip().split("\\s+")));
        }
        List<String> known = Args.KEYWORDS.entrySet().stream().filter(k -> words.contains(k.getValue()))
                .map(k -> k.getKey() + " " + k.getValue()).toList();
        return known.isEmpty() ? Optional.empty() : Optional.of(String.join(" · ", known));
    }

    private String usageText(Texts texts, UsageException e) {
        String problem = texts.t(e.key(), e.args());
        if (e.usage() == null) {
            return problem;
        }
        // usages are named "<command>.<sub>", e.g. "okr.checkin"
        CommandHandler handler = handlers.get(e.usage().substring(0, e.usage().indexOf('.')));
        if (handler == null) {
            return problem;
        }
        List<String> lines = handler.spec().usages().stream()
                .filter(u -> u.sub().equals(e.usage()))
                .map(u -> "/" + handler.spec().name() + " " + u.syntax())
                .toList();
        return lines.isEmpty() ? problem : problem + "\n" + texts.t("error.usage", String.join("\n", lines));
    }

    /** Commands known to the engine, for adapters that list them (app manifest, Feishu menu). */
    public List<CommandSpec> specs() {
        return handlers.values().stream().map(CommandHandler::spec).toList();
    }
}
