package dev.baton.conversation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a handler needs for one inbound: who is speaking, their language, the clock, and where answers go.
 * Replies are collected and written to the outbox by the engine in the handler's transaction.
 */
public final class Context {

    static final Duration DIALOG_TTL = Duration.ofMinutes(30);

    private final Inbound inbound;
    private final Speaker speaker;
    private final Texts texts;
    private final Clock clock;
    private final Dialogs dialogs;
    private final String keyPrefix;
    private final List<Delivery> deliveries;
    private Reply.FormErrors formErrors;

    Context(Inbound inbound, Speaker speaker, Texts texts, Clock clock, Dialogs dialogs, String keyPrefix) {
        this(inbound, speaker, texts, clock, dialogs, keyPrefix, new ArrayList<>());
    }

    private Context(Inbound inbound, Speaker speaker, Texts texts, Clock clock, Dialogs dialogs, String keyPrefix,
            List<Delivery> deliveries) {
        this.inbound = inbound;
        this.speaker = speaker;
        this.texts = texts;
        this.clock = clock;
        this.dialogs = dialogs;
        this.keyPrefix = keyPrefix;
        this.deliveries = deliveries;
    }

    /** The same request handling another inbound (a form its answers made up): its replies go out with these. */
    Context handling(Inbound other) {
        return new Context(other, speaker, texts, clock, dialogs, keyPrefix + ":f", deliveries);
    }

    Dialogs dialogs() {
        return dialogs;
    }

    public Speaker speaker() {
        return speaker;
    }

    /** What the speaker sent. */
    public Inbound inbound() {
        return inbound;
    }

    public Origin origin() {
        return inbound.origin();
    }

    public Texts texts() {
        return texts;
    }

    public String t(String key, Object... args) {
        return texts.t(key, args);
    }

    public Clock clock() {
        return clock;
    }

    public Instant instant() {
        return clock.instant();
    }

    /** Now, in the speaker's time zone. */
    public ZonedDateTime now() {
        return ZonedDateTime.ofInstant(clock.instant(), speaker.zone());
    }

    /** Answers the speaker privately, the way the platform expects for what they did. */
    public void reply(Reply reply) {
        Origin o = origin();
        Target target;
        if (inbound instanceof Inbound.FormSubmission) {
            target = new Target.Direct(o.userId());
        } else if (o.direct()) {
            target = new Target.Direct(o.userId());
        } else {
            target = new Target.Ephemeral(o.channelId(), o.userId(), o.responseUrl());
        }
        send(target, reply);
    }

    public void reply(String text) {
        reply(new Reply.Text(text));
    }

    /** Replaces the message whose button was clicked. */
    public void update(Reply reply) {
        if (!(inbound instanceof Inbound.ButtonAction action)) {
            reply(reply);
            return;
        }
        send(new Target.Update(origin().channelId(), action.messageId(), origin().responseUrl()), reply);
    }

    /** Opens a form for the speaker; platforms only allow this right after a click or a command. */
    public void openForm(Reply.Form form) {
        if (FormQuestions.asks(origin())) {
            FormQuestions.start(this, form);
            return;
        }
        if (origin().triggerId() == null || origin().triggerId().isBlank()) {
            throw new UsageException(null, "error.form-unavailable");
        }
        send(new Target.Modal(origin().triggerId()), form);
    }

    /** Field errors shown in the open form instead of closing it; nothing else is sent. */
    public void formErrors(Map<String, String> errors) {
        this.formErrors = new Reply.FormErrors(Map.copyOf(errors));
    }

    public void send(Target target, Reply reply) {
        send(target, reply, keyPrefix + ":" + deliveries.size());
    }

    /** Sends with a key of the feature's choosing, e.g. to find later where the message landed. */
    public void send(Target target, Reply reply, String key) {
        deliveries.add(new Delivery(origin().platform(), origin().workspace(), target, reply, key));
    }

    public Optional<Dialog> dialog() {
        return dialogs.findByDialogKey(origin().dialogKey()).filter(d -> !d.expired(instant()));
    }

    public void startDialog(String kind, String step, Map<String, String> values) {
        Instant expiry = instant().plus(DIALOG_TTL);
        Dialog dialog = dialogs.findByDialogKey(origin().dialogKey())
                .map(d -> {
                    d.restart(kind, step, values, expiry);
                    return d;
                })
                .orElseGet(() -> Dialog.start(origin().dialogKey(), kind, step, values, expiry));
        dialogs.save(dialog);
    }

    public void advanceDialog(Dialog dialog, String step, Map<String, String> values) {
        dialog.advance(step, values, instant().plus(DIALOG_TTL));
        dialogs.save(dialog);
    }

    public void endDialog() {
        dialogs.findByDialogKey(origin().dialogKey()).ifPresent(dialogs::delete);
    }

    List<Delivery> deliveries() {
        return deliveries;
    }

    Optional<Reply.FormErrors> formErrors() {
        return Optional.ofNullable(formErrors);
    }
}
