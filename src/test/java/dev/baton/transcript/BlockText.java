package dev.baton.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Flattens Block Kit (messages and modals) to the plain text transcripts compare. */
final class BlockText {

    private BlockText() {
    }

    @SuppressWarnings("unchecked")
    static String flatten(List<Map<String, Object>> blocks, String fallback) {
        if (blocks == null || blocks.isEmpty()) {
            return unescape(fallback == null ? "" : fallback);
        }
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> block : blocks) {
            switch (String.valueOf(block.get("type"))) {
                case "header" -> lines.add(text(block.get("text")));
                case "section" -> {
                    if (block.get("text") != null) {
                        lines.addAll(List.of(text(block.get("text")).split("\n", -1)));
                    }
                    if (block.get("fields") != null) {
                        for (Object f : (List<Object>) block.get("fields")) {
                            lines.add(text(f).replace("*", "").replaceFirst("\n", ": "));
                        }
                    }
                }
                case "context" -> {
                    List<String> parts = new ArrayList<>();
                    for (Object e : (List<Object>) block.get("elements")) {
                        parts.add(text(e));
                    }
                    lines.add(String.join(" ", parts));
                }
                case "actions" -> {
                    List<String> labels = new ArrayList<>();
                    for (Object e : (List<Object>) block.get("elements")) {
                        labels.add("[" + text(((Map<String, Object>) e).get("text")) + "]");
                    }
                    String joined = String.join(" ", labels);
                    if (lines.isEmpty()) {
                        lines.add(joined);
                    } else {
                        lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " " + joined);
                    }
                }
                case "input" -> {
                    Map<String, Object> element = (Map<String, Object>) block.get("element");
                    String line = text(block.get("label"));
                    Map<String, Object> initial = (Map<String, Object>) element.get("initial_option");
                    if (initial != null) {
                        line += " = " + text(initial.get("text"));
                    } else if (element.get("initial_value") != null) {
                        line += " = " + element.get("initial_value");
                    } else if (element.get("initial_user") != null) {
                        line += " = <@" + element.get("initial_user") + ">"; // the driver shows the person's name
                    }
                    lines.add(line);
                }
                default -> lines.add("<" + block.get("type") + ">");
            }
        }
        return String.join("\n", lines);
    }

    @SuppressWarnings("unchecked")
    static String text(Object node) {
        if (node instanceof Map<?, ?> m) {
            String text = String.valueOf(((Map<String, Object>) m).get("text"));
            // Slack reads entities in mrkdwn only: a plain_text "&amp;" shows as typed, so it must never be escaped
            return "plain_text".equals(m.get("type")) ? text : unescape(text);
        }
        return unescape(String.valueOf(node));
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
