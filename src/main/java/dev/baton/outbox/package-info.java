/**
 * Durable outgoing messages: replies are written here in the transaction that caused them, then a dispatcher
 * sends them through the platform's {@link dev.baton.conversation.ChatGateway}, retrying with backoff and
 * honouring the platform's Retry-After.
 */
package dev.baton.outbox;
