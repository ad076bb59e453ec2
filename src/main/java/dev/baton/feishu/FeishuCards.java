package dev.baton.feishu;

import dev.baton.conversation.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every {@link Reply} as a Feishu interactive card. Text is plain text (never markdown, so what people typed is
 * shown as typed); buttons carry the engine's action id and value back in their {@code value}; a form becomes a
 * card with a form container whose submit button carries the form id and metadata. Cards stay under Feishu's
 * 30 KB by dropping lines from the end with a note.
 */
final class FeishuCards {

    static final String ACTION_ID = "baton_action";
    static final String VALUE = "baton_value";
    static final String FORM_ID = "baton_form";
    static final String METADATA = "baton_metadata";
    /** UTF-8 bytes of text per card, leaving room for the rest of the JSON under Feishu's 30 KB. */
    private static final int MAX_TEXT_BYTES = 24_000;

    private FeishuCards() {
    }

    static Map<String, Object> card(Reply reply) {
        return reply.render(new Reply.Renderer<>() {
            @Override
            public Map<String, Object> text(Reply.Text text) {
                return build(null, List.of(text.text()), List.of(), List.of(), null);
            }

            @Override
            public Map<String, Object> card(Reply.Card card) {
                return build(card.title(), card.lines(), card.fields(), card.buttons(), card.footer());
            }

            @Override
            public Map<String, Object> form(Reply.Form form) {
                return formCard(form);
            }

            @Override
            public Map<String, Object> formErrors(Reply.FormErrors errors) {
                List<String> lines = new ArrayList<>();
                errors.errors().forEach((field, problem) -> lines.add(field + ": " + problem));
                return build(null, lines, List.of(), List.of(), null);
            }

            @Override
            public Map<String, Object> image(Reply.Image image) {
                throw new IllegalArgumentException("Images are uploaded and sent as image messages");
            }

            @Override
            public Map<String, Object> file(Reply.File file) {
                throw new IllegalArgumentException("Files are uploaded and sent as file messages");
            }
        });
    }

    static Map<String, Object> image(Reply.Image image, String imageKey) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("config", Map.of("wide_screen_mode", true));
        card.put("header", Map.of("title", plain(image.title()), "template", "blue"));
        card.put("elements", List.of(Map.of("tag", "img", "img_key", imageKey, "alt", plain(image.altText()))));
        return card;
    }

    private static Map<String, Object> build(String title, List<String> lines, List<Reply.Field> fields,
            List<Reply.Button> buttons, String footer) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("config", Map.of("wide_screen_mode", true, "update_multi", true));
        if (title != null && !title.isBlank()) {
            card.put("header", Map.of("title", plain(title), "template", "blue"));
        }
        List<Object> elements = new ArrayList<>();
        int used = 0;
        StringBuilder body = new StringBuilder();
        for (String line : lines) {
            int bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
            if (used + bytes > MAX_TEXT_BYTES) {
                body.append("\n…");
                break;
            }
            used += bytes;
            if (body.length() > 0) {
                body.append('\n');
            }
            body.append(line);
        }
        if (body.length() > 0) {
            elements.add(Map.of("tag", "div", "text", plain(body.toString())));
        }
        if (!fields.isEmpty()) {
            List<Object> fs = new ArrayList<>();
            for (Reply.Field f : fields) {
                fs.add(Map.of("is_short", true, "text", plain(f.label() + "\n" + f.value())));
            }
            elements.add(Map.of("tag", "div", "fields", fs));
        }
        if (!buttons.isEmpty()) {
            List<Object> actions = new ArrayList<>();
            for (Reply.Button b : buttons) {
                actions.add(Map.of("tag", "button", "text", plain(b.label()),
                        "type", b.style() == Reply.Button.Style.PRIMARY ? "primary"
                                : b.style() == Reply.Button.Style.DANGER ? "danger" : "default",
                        "value", Map.of(ACTION_ID, b.actionId(), VALUE, b.value() == null ? "" : b.value())));
            }
            elements.add(Map.of("tag", "action", "actions", actions));
        }
        if (footer != null && !footer.isBlank()) {
            elements.add(Map.of("tag", "note", "elements", List.of(plain(footer))));
        }
        card.put("elements", elements);
        return card;
    }

    private static Map<String, Object> formCard(Reply.Form form) {
        List<Object> inputs = new ArrayList<>();
        for (Reply.FormField f : form.fields()) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("name", f.name());
            input.put("required", !f.optional());
            if (f.kind() == Reply.FormField.Kind.SELECT) {
                input.put("tag", "select_static");
                input.put("placeholder", plain(f.label()));
                List<Object> options = new ArrayList<>();
                for (Reply.Option o : f.options()) {
                    options.add(Map.of("text", plain(o.label()), "value", o.value()));
                }
                input.put("options", options);
                if (f.initial() != null) {
                    input.put("initial_option", f.initial());
                }
            } else {
                input.put("tag", "input");
                input.put("label", plain(f.label()));
                input.put("placeholder", plain(f.hint() == null ? f.label() : f.hint()));
                if (f.kind() == Reply.FormField.Kind.MULTILINE) {
                    input.put("input_type", "multiline_text");
                }
                if (f.initial() != null) {
                    input.put("default_value", f.initial());
                }
            }
            inputs.add(Map.of("tag", "div", "text", plain(f.label())));
            inputs.add(input);
        }
        inputs.add(Map.of("tag", "button", "action_type", "form_submit", "name", "submit", "type", "primary",
                "text", plain(form.submitLabel()),
                "value", Map.of(FORM_ID, form.formId(), METADATA, form.metadata() == null ? "" : form.metadata())));
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("config", Map.of("wide_screen_mode", true, "update_multi", true));
        card.put("header", Map.of("title", plain(form.title()), "template", "blue"));
        card.put("elements", List.of(Map.of("tag", "form", "name", "form", "elements", inputs)));
        return card;
    }

    private static Map<String, Object> plain(String text) {
        return Map.of("tag", "plain_text", "content", text);
    }
}
