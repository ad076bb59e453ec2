package dev.baton.conversation;

/**
 * Work a handler needs done outside its transaction before it can go on: a platform call, such as looking up someone
 * a command names for the first time. Inside a transaction committed together with others ({@code GroupCommit}) a
 * call that takes seconds would hold up every request of the group; so the handler throws this, its changes are
 * undone, the engine does {@link #work()} on the request's own thread and runs the transaction again.
 */
public final class OutsideFirst extends RuntimeException {

    private final transient Runnable work;

    public OutsideFirst(String what, Runnable work) {
        super(what, null, false, false);
        this.work = work;
    }

    /** Does the work; the transaction that asked for it is then run again. */
    public void work() {
        work.run();
    }
}
