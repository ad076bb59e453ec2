package dev.baton.conversation;

import dev.baton.system.GroupCommit;
import dev.baton.system.RoundTrip;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The engine: finds the speaker, routes the inbound to a feature's handler and commits the handler's changes
 * together with its replies. Bad input rolls everything back and answers how to fix it.
 */
@Service
public class Conversation {

    private static final Logger log = LoggerFactory.getLogger(Conversation.class);
    private static final int LOCK_RETRIES = 5;
    /** Rounds of work outside a grouped transaction before a command runs in a transaction of its own. */
    private static final int OUTSIDE_ROUNDS = 5;

    private final Map<String, CommandHandler> handlers = new LinkedHashMap<>();
    private final Speakers speakers;
    private final Deliveries deliveries;
    private final Dialogs dialogs;
    private final MessageSource messages;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final GroupCommit groups;
    private final InboundLedger ledger;
    private final MeterRegistry meters;
    private final JdbcOperations jdbc;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    /** The batch of each handler that has one, keyed by the handler's name. */
    private final Map<String, Batched> batches = new LinkedHashMap<>();

    Conversation(List<CommandHandler> handlers, Speakers speakers, Deliveries deliveries, Dialogs dialogs,
            MessageSource messages, Clock clock, TransactionTemplate tx, GroupCommit groups, InboundLedger ledger,
            MeterRegistry meters, JdbcOperations jdbc) {
        handlers.stream()
                .sorted((a, b) -> "baton".equals(a.spec().name()) ? -1 : "baton".equals(b.spec().name()) ? 1 : 0)
                .forEach(h -> this.handlers.put(h.spec().name(), h));
        this.speakers = speakers;
        this.deliveries = deliveries;
        this.dialogs = dialogs;
        this.messages = messages;
        this.clock = clock;
        this.tx = tx;
        this.groups = groups;
        this.ledger = ledger;
        this.meters = meters;
        this.jdbc = jdbc;
        this.handlers.forEach((name, handler) -> handler.batch()
                .ifPresent(batch -> batches.put(name, new Batched(batch))));
    }

    /**
     * What the adapter must still do synchronously: show form errors, or — when Baton cannot reach its database and
     * so could neither change nor answer anything — tell the person to try again ({@link #unavailableText()}).
     * {@code repeated}: the inbound's key was recorded before, so nothing was done (a platform's redelivery, or a
     * replayed request).
     */
    public record Handled(Optional<Reply.FormErrors> formErrors, boolean unavailable, Optional<Answer> answer,
            boolean repeated) {

        static final Handled REPEATED = new Handled(Optional.empty(), false, Optional.empty(), true);

        Handled(Optional<Reply.FormErrors> formErrors, boolean unavailable, Optional<Answer> answer) {
            this(formErrors, unavailable, answer, false);
        }

        Handled(Optional<Reply.FormErrors> formErrors, boolean unavailable) {
            this(formErrors, unavailable, Optional.empty());
        }
    }

    /**
     * The speaker's answer, for an adapter that can carry it in its acknowledgement (a Slack slash command's HTTP
     * response) or send it itself right after ({@link #deliver}, a click's). It is already in the outbox, held: the
     * adapter tells {@link #handedOver} once the acknowledgement is written, or {@link #notHandedOver} when it is
     * not; if neither comes (the replica died in between) the outbox sends it itself once the hold ends, so an answer
     * is never lost.
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
     * Handles an inbound whose answer the adapter can carry in its acknowledgement, or send itself right after it:
     * the first private answer to the speaker comes back in {@link Handled#answer()} instead of waiting for the
     * outbox. Saves the outbox's round (claim, pace, send, record) for the commonest reply there is, and for a
     * command a platform call too.
     */
    public Handled handleAnswering(Inbound inbound) {
        return handle(inbound, null, true);
    }

    /**
     * {@link #handleAnswering(Inbound)} for an inbound that must run once: {@code key} is recorded in its transaction
     * as in {@link #handle(Inbound, String)}, and a second one with it is {@link Handled#repeated() repeated}.
     */
    public Handled handleAnswering(Inbound inbound, String key) {
        return handle(inbound, key, true);
    }

    /**
     * The adapter's acknowledgement cannot carry the answer (a click's is empty): it is sent now, off the caller's
     * thread, through the platform's gateway, and handed over once sent; released to the outbox if that fails or
     * cannot start soon ({@link Deliveries#sendHeld}).
     */
    public void deliver(Answer answer) {
        deliveries.sendHeld(answer.heldId(), answer.delivery(), clock.instant().plus(ANSWER_HOLD.dividedBy(3)));
    }

    /** The adapter's acknowledgement carried the answer: the outbox must not send it. */
    public void handedOver(Answer answer) {
        deliveries.handedOver(answer.heldId());
    }

    /** The acknowledgement could not carry the answer (too late, or the connection failed): send it now. */
    public void notHandedOver(Answer answer) {
        deliveries.release(answer.heldId());
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
        // the speaker is read in the handler's own transaction; only a first contact is registered before it
        Speaker[] speaker = {null};
        try {
            TransactionCallback<Handled> work = status -> run(inbound, eventKey, keyPrefix, answering, speaker,
                    status);
            // committed together with other requests' transactions when several are waiting, and done together
            // with the same command of others when its handler can do that
            Batched batch = answering && eventKey != null ? batchFor(inbound) : null;
            Pending pending = batch == null ? null : new Pending((Inbound.Command) inbound, eventKey, keyPrefix);
            Supplier<Handled> grouped = batch == null ? () -> groups.execute(work)
                    : () -> groups.execute(batch, pending, work);
            Supplier<Handled> attempt = () -> outsideFirst(() -> withRetries(grouped),
                    () -> withRetries(() -> tx.execute(work)));
            Handled handled = attempt.get();
            if (handled == null) {
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
     * One try in one transaction; null (and nothing kept) when the speaker is someone Baton has not met yet, who
     * must be registered first.
     */
    private Handled run(Inbound inbound, String eventKey, String keyPrefix, boolean answering, Speaker[] speaker,
            TransactionStatus status) {
        // the event's key and the speaker in one round trip: every inbound makes both first
        RoundTrip trip = RoundTrip.on(jdbc);
        Supplier<Boolean> first = eventKey == null ? () -> true : ledger.firstDelivery(eventKey, trip);
        Supplier<Optional<Speaker>> known = speaker[0] == null ? speakers.known(inbound.origin(), trip) : null;
        trip.run();
        if (!first.get()) {
            log.info("Ignoring redelivered event {}", eventKey);
            return Handled.REPEATED;
        }
        if (known != null) {
            speaker[0] = known.get().orElse(null);
            if (speaker[0] == null) {
                status.setRollbackOnly();
                return null;
            }
        }
        Context ctx = new Context(inbound, speaker[0], new Texts(messages, speaker[0].locale()), clock, dialogs,
                keyPrefix);
        route(ctx, inbound);
        return new Handled(ctx.formErrors(), false, enqueue(ctx, answering));
    }

    /** The batch that may do this command together with others' ({@link BatchCommand}), or null. */
    private Batched batchFor(Inbound inbound) {
        if (!(inbound instanceof Inbound.Command c) || batches.isEmpty()) {
            return null;
        }
        String name = c.command().startsWith("/") ? c.command().substring(1) : c.command();
        Batched batch = batches.get(name.toLowerCase(Locale.ROOT));
        return batch != null && batch.commands.takes(c.text()) ? batch : null;
    }

    /** A command waiting to be done in a batch. */
    private record Pending(Inbound.Command command, String eventKey, String keyPrefix) {
    }

    /**
     * The engine's part of a {@link BatchCommand}: what {@link #run} does for one command, done for all of the batch's
     * at once. The speakers are read in one statement; those Baton has not met, and a second command with the same
     * key, are left to be run alone. The handler does what it can; then the commands' keys and their answers are
     * written in one statement each, in one round trip with the handler's writes. When a key was recorded before (a
     * replay) the batch gives up, and every command is run alone, where the replay is refused as usual.
     */
    private final class Batched implements GroupCommit.Batch<Pending, Handled> {

        private final BatchCommand commands;

        Batched(BatchCommand commands) {
            this.commands = commands;
        }

        @Override
        public List<Handled> runAll(List<Pending> items) {
            RoundTrip reads = RoundTrip.on(jdbc);
            Supplier<List<Optional<Speaker>>> known = speakers.known(
                    items.stream().map(p -> p.command().origin()).toList(), reads);
            reads.run();
            List<Optional<Speaker>> found = known.get();
            List<Context> contexts = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                Pending p = items.get(i);
                if (found.get(i).isPresent() && keys.add(p.eventKey())) {
                    Speaker speaker = found.get(i).get();
                    contexts.add(new Context(p.command(), speaker, new Texts(messages, speaker.locale()), clock,
                            dialogs, p.keyPrefix()));
                    positions.add(i);
                }
            }
            Handled[] results = new Handled[items.size()];
            if (contexts.isEmpty()) {
                return Arrays.asList(results);
            }
            RoundTrip writes = RoundTrip.on(jdbc);
            BatchCommand.Done done = commands.handleAll(contexts, writes);
            List<String> doneKeys = new ArrayList<>();
            List<Delivery> answers = new ArrayList<>();
            List<Integer> answered = new ArrayList<>();
            for (int j = 0; j < contexts.size(); j++) {
                if (!done.done().get(j)) {
                    continue;
                }
                Context ctx = contexts.get(j);
                int i = positions.get(j);
                doneKeys.add(items.get(i).eventKey());
                Delivery answer = answerInAck(ctx);
                for (Delivery d : ctx.deliveries()) {
                    if (d == answer) {
                        answers.add(d);
                        answered.add(i);
                    } else {
                        deliveries.enqueue(d);
                    }
                }
                results[i] = new Handled(ctx.formErrors(), false, Optional.empty());
            }
            if (doneKeys.isEmpty()) {
                return Arrays.asList(results);
            }
            Supplier<Boolean> first = ledger.firstDeliveries(doneKeys, writes);
            Supplier<List<Long>> held = answers.isEmpty() ? List::of : deliveries.hold(answers, ANSWER_HOLD, writes);
            boolean replayed;
            try {
                writes.run();
                replayed = !first.get();
            } catch (DuplicateKeyException e) {
                // an answer's key taken: a replay, whose answer is there from the first time
                replayed = true;
            }
            if (replayed) {
                // which one is not known; alone, each finds out for itself
                throw new GroupCommit.RunEachAlone("a command of the batch was handled before; running each alone");
            }
            done.check().run();
            List<Long> ids = held.get();
            for (int k = 0; k < answered.size(); k++) {
                int i = answered.get(k);
                results[i] = new Handled(results[i].formErrors(), false,
                        Optional.of(new Answer(answers.get(k), ids.get(k))));
            }
            return Arrays.asList(results);
        }
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

    /** The first of the context's deliveries that can ride on the acknowledgement, or null. */
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
     * Runs the transaction again after doing, on this thread, what it asked to have done outside it first (a
     * platform call). A command that still asks after {@link #OUTSIDE_ROUNDS} rounds (a survey sent to dozens of
     * people Baton has not met) runs {@code alone} instead: in a transaction of its own on this thread, which does
     * that work inside.
     */
    private static <T> T outsideFirst(Supplier<T> grouped, Supplier<T> alone) {
        for (int round = 1; round <= OUTSIDE_ROUNDS; round++) {
            try {
                return grouped.get();
            } catch (OutsideFirst needed) {
                needed.work();
            }
        }
        return alone.get();
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
            return new Handled(Optional.empty(), false, enqueue(ctx, answering));
        });
    }

    private void route(Context ctx, Inbound inbound) {
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
            handlerFor(dialog.get().kind()).onDialog(ctx, dialog.get(), text);
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
            for (CommandHandler h : handlers.values()) {
                lines.add("/" + h.spec().name() + " — " + texts.t(h.spec().summaryKey()));
            }
            lines.add("");
        }
        for (CommandSpec.Usage u : handler.spec().usages()) {
            lines.add("/" + handler.spec().name() + " " + u.syntax() + " — " + texts.t(u.helpKey()));
        }
        return new Reply.Card(texts.t("help.title", "/" + handler.spec().name(), texts.t(handler.spec().summaryKey())),
                lines, List.of(), List.of(), texts.t("help.footer"));
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
