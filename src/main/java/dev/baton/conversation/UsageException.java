package dev.baton.conversation;

/**
 * Bad input. The engine rolls back anything written, answers the text of {@code key} and, when {@code usage}
 * names a subcommand, the correct usage of it.
 */
public class UsageException extends RuntimeException {

    private final String key;
    private final transient Object[] args;
    private final String usage;

    public UsageException(String usage, String key, Object... args) {
        super(key);
        this.usage = usage;
        this.key = key;
        this.args = args;
    }

    public String key() {
        return key;
    }

    public Object[] args() {
        return args;
    }

    /** The subcommand whose usage to show, or null for none. */
    public String usage() {
        return usage;
    }
}
