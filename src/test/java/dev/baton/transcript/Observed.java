package dev.baton.transcript;

import java.util.List;
import java.util.Map;

/**
 * One message the bot sent, as a person would see it: to whom, how, and its text flattened from Block Kit.
 * {@code buttons} keep their action ids so a later "clicks [Label]" can press them.
 */
record Observed(String target, String kind, String text, List<Map<String, Object>> buttons, String channel,
        String ts, Map<String, Object> view) {

    String render() {
        String[] lines = text.split("\n", -1);
        StringBuilder b = new StringBuilder("bot -> " + target + " (" + kind + "): " + lines[0]);
        for (int i = 1; i < lines.length; i++) {
            b.append("\n  ").append(lines[i]);
        }
        return b.toString();
    }
}
