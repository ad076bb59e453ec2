package dev.baton.conversation;

import java.util.List;

/**
 * A command's name and usages; {@code /baton help} and {@code /<name> help} are generated from it. Help texts are
 * message keys so both languages come from the bundles.
 */
public record CommandSpec(String name, String summaryKey, List<Usage> usages) {

    public CommandSpec {
        usages = List.copyOf(usages);
    }

    /** {@code sub} groups usages for error messages; {@code syntax} is shown verbatim after the command name. */
    public record Usage(String sub, String syntax, String helpKey) {
    }
}
