package dev.baton.conversation;

import java.util.List;

/**
 * Something Baton is waiting on from a person (a check-in, an action item, a lead to accept, a post to review), as
 * a line for their "my week" and the buttons that do it there — the same buttons, with the same handlers, as where
 * the thing was first asked.
 */
public record Pending(String line, List<Reply.Button> buttons) {

    public Pending {
        buttons = List.copyOf(buttons);
    }
}
