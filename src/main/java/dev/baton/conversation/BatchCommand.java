package dev.baton.conversation;

import dev.baton.system.RoundTrip;
import java.util.List;

/**
 * A command many people send at the same moment (everyone's check-in before the weekly review) that its handler can
 * carry out for all of them at once: reading what they need in one statement rather than one each and writing their
 * rows in one statement per table, in the transaction the engine shares among requests waiting together
 * ({@code GroupCommit}). Each command it does must end exactly as {@link CommandHandler#handle} would have ended it;
 * whatever it is not sure of (bad input, someone else's key result, a notification to send) it leaves, and the
 * engine hands that command to the handler as usual.
 */
public interface BatchCommand {

    /** Whether {@code text} (a command's text, after the command's name) may be one this batch does; no database. */
    boolean takes(String text);

    /**
     * Carries out {@code commands} (in the order they came) in the current transaction and answers each one it does
     * through its context. Its writes go into {@code writes}, which the engine runs with its own (the commands' keys,
     * their answers) in one round trip, then calls {@link Done#check()}.
     */
    Done handleAll(List<Context> commands, RoundTrip writes);

    /** Which of the commands were done (the others go to the handler), and what to check once the writes ran. */
    record Done(List<Boolean> done, Runnable check) {
    }
}
