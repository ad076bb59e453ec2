package dev.baton.conversation;

import java.time.Duration;

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

    /** The adapter handed over the held delivery {@code id}: it is sent. */
    void handedOver(long id);

    /** The adapter could not hand over the held delivery {@code id}: the outbox sends it now. */
    void release(long id);

    /**
     * Where the delivery with {@code key} landed once it was sent, e.g. to update a poll's message in place; empty
     * while it is still on its way, or when the platform did not say.
     */
    java.util.Optional<Posted> posted(String key);
}
