package dev.baton.conversation;

import java.time.Duration;

/** A send failed. {@code retryAfter} is the platform's own hint (Retry-After) or null; permanent failures are not retried. */
public class DeliveryException extends RuntimeException {

    private final boolean permanent;
    private final Duration retryAfter;

    public DeliveryException(String message, boolean permanent, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
        this.retryAfter = retryAfter;
    }

    public boolean permanent() {
        return permanent;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
