package dev.baton.conversation;

import dev.baton.system.RoundTrip;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Hands replies to the durable outbox. Must be called inside the transaction of the change that caused the
 * reply, so the change and the message commit or roll back together.
 */
public interface Deliveries {

    void enqueue(Delivery delivery);

    /**
     * Writes a delivery that the adapter will try to hand over itself, in its acknowledgement of the request; the
     * outbox leaves it alone for {@code hold}, then sends it as any other unless {@link #handedOver} came first.
     * Same transaction rule as {@link #enqueue}. Returns the row's id.
     */
    long hold(Delivery delivery, Duration hold);

    /**
     * {@link #hold} for several deliveries, written in {@code trip} as one statement; once the trip has run, their
     * rows' ids in their order.
     */
    Supplier<List<Long>> hold(List<Delivery> deliveries, Duration hold, RoundTrip trip);

    /**
     * The adapter handed over the held delivery {@code id}: it is sent. Recorded a moment later, together with others,
     * without making the caller wait; never sent meanwhile.
     */
    void handedOver(long id);

    /** The adapter could not hand over the held delivery {@code id}: the outbox sends it now. */
    void release(long id);

    /**
     * Sends the held delivery {@code id} through its platform's gateway on a thread of the outbox's, after the
     * transaction that wrote it committed: {@link #handedOver handed over} once sent, {@link #release released} when
     * the send fails or could not start by {@code startBy} (well before the hold ends, so the outbox never sends
     * it a second time while this send is still waiting).
     */
    void sendHeld(long id, Delivery delivery, java.time.Instant startBy);

    /**
     * Where the delivery with {@code key} landed once it was sent, e.g. to update a poll's message in place; empty
     * while it is still on its way, or when the platform did not say.
     */
    java.util.Optional<Posted> posted(String key);

    /** Where Baton posted the platform message {@code messageId}, if it did: the conversation it went to. */
    java.util.Optional<String> postedChannelOf(String messageId);
}
