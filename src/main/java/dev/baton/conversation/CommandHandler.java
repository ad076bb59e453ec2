package dev.baton.conversation;

/**
 * A feature's commands. The engine calls it inside one transaction; replies go through {@link Context}.
 * Buttons and forms are routed here when their id starts with {@code <name>.}.
 */
public interface CommandHandler {

    CommandSpec spec();

    void handle(Context ctx, Args args);

    default void onButton(Context ctx, Inbound.ButtonAction action) {
        throw new UsageException(null, "error.unknown-action");
    }

    default void onForm(Context ctx, Inbound.FormSubmission form) {
        throw new UsageException(null, "error.unknown-action");
    }

    /** The next message of a dialog this handler started. */
    default void onDialog(Context ctx, Dialog dialog, String text) {
        throw new UsageException(null, "error.unknown-action");
    }
}
