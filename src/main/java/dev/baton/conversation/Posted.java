package dev.baton.conversation;

/** Where the platform put a message Baton sent: the conversation and the platform's id of the message. */
public record Posted(String channelId, String messageId) {
}
