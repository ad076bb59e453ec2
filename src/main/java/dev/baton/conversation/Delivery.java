package dev.baton.conversation;

/**
 * One reply on its way out. {@code key} makes sending idempotent: the same key is only ever delivered once,
 * so a retried command or a re-run job cannot post twice.
 */
public record Delivery(String platform, String workspace, Target target, Reply reply, String key) {
}
