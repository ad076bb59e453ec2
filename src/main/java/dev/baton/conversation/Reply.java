package dev.baton.conversation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * What Baton says. Renderers switch over these types, so adding one fails to compile until every adapter
 * renders it. All text is already localised for the person who will read it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Reply.Text.class, name = "text"),
        @JsonSubTypes.Type(value = Reply.Card.class, name = "card"),
        @JsonSubTypes.Type(value = Reply.Form.class, name = "form"),
        @JsonSubTypes.Type(value = Reply.FormErrors.class, name = "form-errors"),
        @JsonSubTypes.Type(value = Reply.Image.class, name = "image"),
        @JsonSubTypes.Type(value = Reply.File.class, name = "file")})
public sealed interface Reply {

    /** Renders a reply; one method per type, so a new reply type breaks every renderer until it is handled. */
    interface Renderer<T> {
        T text(Text text);

        T card(Card card);

        T form(Form form);

        T formErrors(FormErrors errors);

        T image(Image image);

        T file(File file);
    }

    <T> T render(Renderer<T> renderer);

    /** Plain text; may span several lines. */
    record Text(String text) implements Reply {

        @Override
        public <T> T render(Renderer<T> renderer) {
            return renderer.text(this);
        }
    }

    /** A structured message: a title, lines, label/value fields, buttons and a small footer. */
    record Card(String title, List<String> lines, List<Field> fields, List<Button> buttons, String footer)
            implements Reply {

        @Override
        public <T> T render(Renderer<T> renderer) {
            return renderer.card(this);
        }

        public Card {
            lines = List.copyOf(lines);
            fields = List.copyOf(fields);
            buttons = List.copyOf(buttons);
        }
    }

    /** A form to fill in (a Slack modal); {@code metadata} comes back untouched on submission. */
    record Form(String formId, String title, String submitLabel, List<FormField> fields, String metadata)
            implements Reply {

        @Override
        public <T> T render(Renderer<T> renderer) {
            return renderer.form(this);
        }

        public Form {
            fields = List.copyOf(fields);
        }
    }

    /** Field-level problems with a submitted form, shown inside the form itself. */
    record FormErrors(Map<String, String> errors) implements Reply {

        @Override
        public <T> T render(Renderer<T> renderer) {
            return renderer.formErrors(this);
        }
    }

    /** A picture (a chart) as PNG bytes, with a title and a text alternative for screen readers and previews. */
    record Image(String title, String altText, byte[] png) implements Reply {

        @Override
        public <T> T render(Renderer<T> renderer) {
            return renderer.image(this);
        }
    }

    /** A document to download (a CSV export): its title, file name, media type, bytes and a one-line summary. */
    record File(String title, String filename, String contentType, byte[] data, String summary) implements Reply {

        @Override
        public <T> T render(Renderer<T> renderer) {
            return renderer.file(this);
        }
    }

    record Field(String label, String value) {
    }

    record Button(String label, String actionId, String value, Style style) {

        public enum Style { DEFAULT, PRIMARY, DANGER }
    }

    /**
     * One field of a form. A {@link Kind#PERSON} or {@link Kind#PEOPLE} field is the platform's person picker; what
     * comes back is the people chosen as mentions ({@code <@U123> <@U456>}), which the engine reads like typed ones.
     * Its {@code options} are the people a platform that needs a list offers (Feishu; value the platform user id,
     * label the name); Slack offers everyone in the workspace. Its {@code initial} is a platform user id.
     */
    record FormField(String name, String label, Kind kind, boolean optional, String initial, List<Option> options,
            String hint) {

        /** {@link #CHOICES} is a multiple choice: its value is the chosen options' values separated by spaces. */
        public enum Kind { TEXT, MULTILINE, NUMBER, SELECT, CHOICES, PERSON, PEOPLE }

        public FormField {
            options = List.copyOf(options);
        }
    }

    record Option(String value, String label) {
    }
}
