package dev.baton.feishu;

import dev.baton.conversation.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

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
    /** On a form's submit button: the names of its person pickers, whose answers are open ids. */
    static final String PEOPLE = "baton_people";
    /** On a form's submit button: the title, labels and option names the card shown after submitting needs. */
    static final String RECEIPT = "baton_receipt";
    /** People a person picker offers: each costs about 45 bytes of Feishu's 30 KB per card. */
    static final int MAX_PEOPLE = 300;
    /** Up to this many people offered, the card shown after submitting names those picked (else it counts them). */
    static final int NAMED_PEOPLE = 60;
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
        List<String> people = new ArrayList<>();
        List<Object> receipt = new ArrayList<>();
        for (Reply.FormField f : form.fields()) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("name", f.name());
            input.put("required", !f.optional());
            Map<String, String> choices = new LinkedHashMap<>();
            switch (f.kind()) {
                case SELECT, CHOICES -> {
                    input.put("tag", f.kind() == Reply.FormField.Kind.SELECT ? "select_static"
                            : "multi_select_static");
                    input.put("placeholder", plain(f.label()));
                    List<Object> options = new ArrayList<>();
                    for (Reply.Option o : f.options()) {
                        options.add(Map.of("text", plain(o.label()), "value", o.value()));
                        choices.put(o.value(), o.label());
                    }
                    input.put("options", options);
                    if (f.initial() != null) {
                        input.put(f.kind() == Reply.FormField.Kind.SELECT ? "initial_option" : "selected_values",
                                f.kind() == Reply.FormField.Kind.SELECT ? f.initial() : List.of(f.initial()));
                    }
                }
                case PERSON, PEOPLE -> {
                    // Feishu's person picker; without options it offers only the chat's members (here: the person
                    // and Baton), so it offers the people Baton knows, and shows their names itself
                    input.put("tag", f.kind() == Reply.FormField.Kind.PERSON ? "select_person" : "multi_select_person");
                    input.put("placeholder", plain(f.hint() == null ? f.label() : f.hint()));
                    List<Object> options = new ArrayList<>();
                    for (Reply.Option o : f.options().subList(0, Math.min(MAX_PEOPLE, f.options().size()))) {
                        options.add(Map.of("value", o.value()));
                        if (f.options().size() <= NAMED_PEOPLE) {
                            choices.put(o.value(), o.label()); // small teams: the card after submitting names them
                        }
                    }
                    input.put("options", options);
                    if (f.initial() != null && f.kind() == Reply.FormField.Kind.PERSON) {
                        input.put("initial_option", f.initial());
                    }
                    people.add(f.name());
                }
                default -> {
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
            }
            inputs.add(Map.of("tag", "div", "text", plain(f.label())));
            inputs.add(input);
            receipt.add(Map.of("name", f.name(), "label", f.label(), "choices", choices));
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put(FORM_ID, form.formId());
        value.put(METADATA, form.metadata() == null ? "" : form.metadata());
        value.put(PEOPLE, people);
        value.put(RECEIPT, Map.of("title", form.title(), "fields", receipt));
        inputs.add(Map.of("tag", "button", "action_type", "form_submit", "name", "submit", "type", "primary",
                "text", plain(form.submitLabel()), "value", value));
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("config", Map.of("wide_screen_mode", true, "update_multi", true));
        card.put("header", Map.of("title", plain(form.title()), "template", "blue"));
        card.put("elements", List.of(Map.of("tag", "form", "name", "form", "elements", inputs)));
        return card;
    }

    /**
     * What replaces a form's card once Baton has taken it (#30 item 9): the form's title with a tick and what was
     * filled in, chosen options and people by their names, so the card can neither be sent again nor be mistaken
     * for one still waiting. {@code receipt} is what the form's submit button carried ({@link #formCard}).
     */
    static Map<String, Object> receipt(JsonNode receipt, Map<String, String> values) {
        List<String> lines = new ArrayList<>();
        for (JsonNode field : receipt.path("fields")) {
            String raw = values.getOrDefault(field.path("name").asString(""), "");
            JsonNode choices = field.path("choices");
            List<String> shown = new ArrayList<>();
            for (String part : raw.startsWith("<@") || !choices.isEmpty() ? raw.strip().split("\\s+")
                    : new String[] {raw}) {
                boolean person = part.startsWith("<@") && part.endsWith(">");
                String id = person ? part.substring(2, part.length() - 1) : part;
                if (!part.isEmpty()) {
                    shown.add(choices.has(id) ? choices.path(id).asString("") : person ? "👤" : part);
                }
            }
            String text = String.join(", ", shown).strip();
            if (!text.isEmpty()) {
                lines.add(field.path("label").asString("") + ": " + text);
            }
        }
        Map<String, Object> card = build("✓ " + receipt.path("title").asString(""), lines, List.of(), List.of(),
                null);
        card.put("header", Map.of("title", plain("✓ " + receipt.path("title").asString("")), "template", "green"));
        return card;
    }

    private static Map<String, Object> plain(String text) {
        return Map.of("tag", "plain_text", "content", text);
    }
}
