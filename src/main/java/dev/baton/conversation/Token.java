package dev.baton.conversation;

/**
 * One word of a command. For mentions and channels {@code text} is the platform id when the platform escaped it
 * ({@code <@U123|bob>}) and {@code label} the visible name; for a typed {@code @bob} the id is null.
 */
public record Token(Kind kind, String text, String id) {

    public enum Kind { WORD, QUOTED, MENTION, CHANNEL }

    public boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }
}
