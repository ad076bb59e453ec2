package dev.baton.conversation;

/**
 * Hands replies to the durable outbox. Must be called inside the transaction of the change that caused the
 * reply, so the change and the message commit or roll back together.
 */
public interface Deliveries {

    void enqueue(Delivery delivery);
}
