package dev.baton.slack;

import dev.baton.conversation.Reply;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders replies as Block Kit. All text people typed is escaped (&amp;, &lt;, &gt;) so it can never become a
 * mention, a link or {@code <!channel>}. Slack's limits are kept: 50 blocks, 3000 characters per section,
 * 150 per header, 24 per modal title.
 */
final class BlockKit {

    /**
     * Slack refuses a message whose buttons share an {@code action_id} ({@code invalid_blocks}), and a poll's options
     * are all one action: each button's id carries its position after this mark, and {@link #actionOf} takes it off.
     */
    static final String POSITION = "#";

    /** The action a click's {@code action_id} stands for (buttons posted before positions were added have none). */
    static String actionOf(String actionId) {
        int mark = actionId.lastIndexOf(POSITION);
        return mark > 0 && actionId.substring(mark + 1).chars().allMatch(Character::isDigit)
                && mark + 1 < actionId.length() ? actionId.substring(0, mark) : actionId;
    }

    private static final int MAX_BLOCKS = 50;
    private static final int MAX_SECTION = 3000;

    private BlockKit() {
    }

    /** The blocks of a message, and the plain fallback text notifications show. */
    record Message(String text, List<Map<String, Object>> blocks) {
    }

    /**
     * The body of a private answer to a command or click, the same whether it goes to the request's response_url
     * or straight into the acknowledgement of a slash command.
     */
    /** A reply as the JSON of a new private answer: a slash command's acknowledgement, or a post to response_url. */
    static String ephemeralAnswerJson(JsonMapper json, Reply reply) {
        return json.writeValueAsString(ephemeralAnswer(message(reply), false));
    }

    static Map<String, Object> ephemeralAnswer(Message m, boolean replaceOriginal) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("response_type", "ephemeral");
        body.put("replace_original", replaceOriginal);
        body.put("text", m.text());
        body.put("blocks", m.blocks());
        return body;
    }

    static Message message(Reply reply) {
        return reply.render(new Reply.Renderer<>() {
            @Override
            public Message text(Reply.Text text) {
                List<Map<String, Object>> blocks = new ArrayList<>();
                sections(List.of(text.text().split("\n", -1)), blocks);
                return new Message(fallback(text.text()), cap(blocks));
            }

            @Override
            public Message card(Reply.Card card) {
                List<Map<String, Object>> blocks = new ArrayList<>();
                if (card.title() != null && !card.title().isBlank()) {
                    blocks.add(Map.of("type", "header", "text", plain(truncate(card.title(), 150))));
                }
                sections(card.lines(), blocks);
                for (int i = 0; i < card.fields().size(); i += 10) {
                    List<Map<String, Object>> fields = new ArrayList<>();
                    for (Reply.Field f : card.fields().subList(i, Math.min(i + 10, card.fields().size()))) {
                        fields.add(mrkdwn("*" + escape(f.label()) + "*\n" + escape(f.value())));
                    }
                    blocks.add(Map.of("type", "section", "fields", fields));
                }
                List<Map<String, Object>> tail = new ArrayList<>();
                // an actions block holds at most 25 elements
                for (int from = 0; from < card.buttons().size(); from += 25) {
                    List<Map<String, Object>> elements = new ArrayList<>();
                    for (int i = from; i < Math.min(from + 25, card.buttons().size()); i++) {
                        Reply.Button b = card.buttons().get(i);
                        Map<String, Object> button = new LinkedHashMap<>();
                        button.put("type", "button");
                        button.put("text", plain(truncate(b.label(), 75)));
                        button.put("action_id", b.actionId() + POSITION + i);
                        button.put("value", b.value() == null ? "" : b.value());
                        if (b.style() == Reply.Button.Style.PRIMARY) {
                            button.put("style", "primary");
                        } else if (b.style() == Reply.Button.Style.DANGER) {
                            button.put("style", "danger");
                        }
                        elements.add(button);
                    }
                    tail.add(Map.of("type", "actions", "elements", elements));
                }
                if (card.footer() != null && !card.footer().isBlank()) {
                    tail.add(Map.of("type", "context", "elements", List.of(mrkdwn(escape(card.footer())))));
                }
                List<Map<String, Object>> capped = cap(blocks, MAX_BLOCKS - tail.size());
                capped.addAll(tail);
                String fallback = card.title() != null ? card.title()
                        : card.lines().isEmpty() ? "" : card.lines().get(0);
                return new Message(fallback(fallback), capped);
            }

            @Override
            public Message form(Reply.Form form) {
                throw new IllegalArgumentException("A form is opened as a modal, not posted as a message");
            }

            @Override
            public Message formErrors(Reply.FormErrors errors) {
                throw new IllegalArgumentException("Form errors answer the submission itself");
            }

            @Override
            public Message image(Reply.Image image) {
                throw new IllegalArgumentException("Images are uploaded as files, not posted as blocks");
            }

            @Override
            public Message file(Reply.File file) {
                throw new IllegalArgumentException("Files are uploaded, not posted as blocks");
            }
        });
    }

    /** The App Home tab: the reply's blocks (a card's buttons included) as a home view, up to Slack's 100 blocks. */
    static Map<String, Object> home(Reply reply) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", "home");
        view.put("blocks", message(reply).blocks());
        return view;
    }

    /** A modal view for a form. */
    static Map<String, Object> modal(Reply.Form form) {
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (Reply.FormField f : form.fields()) {
            Map<String, Object> element = new LinkedHashMap<>();
            element.put("action_id", f.name());
            if (f.kind() == Reply.FormField.Kind.SELECT || f.kind() == Reply.FormField.Kind.CHOICES) {
                boolean many = f.kind() == Reply.FormField.Kind.CHOICES;
                element.put("type", many ? "multi_static_select" : "static_select");
                List<Map<String, Object>> options = new ArrayList<>();
                Map<String, Object> initial = null;
                for (Reply.Option o : f.options().subList(0, Math.min(100, f.options().size()))) {
                    Map<String, Object> option = Map.of("text", plain(truncate(o.label(), 75)), "value", o.value());
                    options.add(option);
                    if (o.value().equals(f.initial())) {
                        initial = option;
                    }
                }
                element.put("options", options);
                if (initial != null) {
                    element.put(many ? "initial_options" : "initial_option", many ? List.of(initial) : initial);
                }
            } else if (f.kind() == Reply.FormField.Kind.PERSON) {
                element.put("type", "users_select");
                if (f.initial() != null) {
                    element.put("initial_user", f.initial());
                }
            } else if (f.kind() == Reply.FormField.Kind.PEOPLE) {
                element.put("type", "multi_users_select");
                if (f.initial() != null) {
                    element.put("initial_users", List.of(f.initial().split("\\s+")));
                }
            } else {
                element.put("type", "plain_text_input");
                element.put("multiline", f.kind() == Reply.FormField.Kind.MULTILINE);
                if (f.initial() != null) {
                    element.put("initial_value", f.initial());
                }
            }
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("type", "input");
            input.put("block_id", f.name());
            input.put("label", plain(truncate(f.label(), 2000)));
            input.put("optional", f.optional());
            input.put("element", element);
            if (f.hint() != null) {
                input.put("hint", plain(f.hint()));
            }
            blocks.add(input);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", "modal");
        view.put("callback_id", form.formId());
        view.put("title", plain(truncate(form.title(), 24)));
        view.put("submit", plain(truncate(form.submitLabel(), 24)));
        view.put("private_metadata", form.metadata() == null ? "" : form.metadata());
        view.put("blocks", blocks);
        return view;
    }

    /**
     * A message's top-level text, which notifications and screen readers show: Slack reads markup there as in the
     * blocks, so a title typed as {@code <!channel>} would notify the whole channel. Escaped like every text.
     */
    private static String fallback(String text) {
        return escape(truncate(text == null ? "" : text, MAX_SECTION));
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void sections(List<String> lines, List<Map<String, Object>> blocks) {
        StringBuilder chunk = new StringBuilder();
        for (String line : lines) {
            String escaped = escape(line);
            if (chunk.length() > 0 && chunk.length() + escaped.length() + 1 > MAX_SECTION) {
                blocks.add(section(chunk.toString()));
                chunk.setLength(0);
            }
            if (chunk.length() > 0) {
                chunk.append('\n');
            }
            chunk.append(truncate(escaped, MAX_SECTION));
        }
        if (!chunk.toString().isBlank()) {
            blocks.add(section(chunk.toString()));
        }
    }

    private static Map<String, Object> section(String text) {
        return Map.of("type", "section", "text", mrkdwn(text));
    }

    private static Map<String, Object> mrkdwn(String text) {
        return Map.of("type", "mrkdwn", "text", text, "verbatim", true);
    }

    private static Map<String, Object> plain(String text) {
        return Map.of("type", "plain_text", "text", text, "emoji", true);
    }

    private static List<Map<String, Object>> cap(List<Map<String, Object>> blocks) {
        return cap(blocks, MAX_BLOCKS);
    }

    private static List<Map<String, Object>> cap(List<Map<String, Object>> blocks, int max) {
        return new ArrayList<>(blocks.subList(0, Math.min(blocks.size(), max)));
    }

    /**
     * At most {@code max} characters, cut between two user-perceived characters (never inside an emoji's surrogate
     * pair or before a combining mark) and marked with an ellipsis.
     */
    static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        BreakIterator characters = BreakIterator.getCharacterInstance(Locale.ROOT);
        characters.setText(s);
        int cut = characters.preceding(max);
        return s.substring(0, Math.max(cut, 0)) + "…";
    }
}
