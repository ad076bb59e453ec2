package dev.baton.poll;

import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One question of a questionnaire or quiz, as a trainer wrote it ({@code text}) or as Baton ships it ({@code key},
 * a message key, so the default questionnaire speaks each person's language). A sent questionnaire keeps a copy of
 * its questions, so editing the template later never changes what old answers meant.
 *
 * <p>An answer is kept as text: a score ({@code "4"}), the number of the option chosen ({@code "2"}), the numbers of
 * the options chosen ({@code "1 3"}), the words typed, or {@code ""} for a skipped optional question.
 *
 * @param low    a Likert question's label for 1 (the trainer's anchor), or null for "Strongly disagree"
 * @param high   a Likert question's label for 5, or null for "Strongly agree"
 * @param max    a rating's top score (3–10)
 * @param correct a quiz question's right options, numbered from 1
 * @param points what a quiz question is worth when answered right
 */
public record Question(Type type, String text, String key, List<String> options, String low, String high,
        Integer max, List<Integer> correct, Integer points, boolean optional) {

    /** What kind of answer a question takes. */
    public enum Type {
        LIKERT, NPS, SINGLE, MULTI, RATING, TEXT;

        boolean scale() {
            return this == LIKERT || this == NPS || this == RATING;
        }

        boolean choice() {
            return this == SINGLE || this == MULTI;
        }
    }

    static final int MAX_TEXT_ANSWER = 3000;

    public Question {
        options = options == null ? List.of() : List.copyOf(options);
        correct = correct == null ? List.of() : List.copyOf(correct);
    }

    static Question builtIn(Type type, String key, boolean optional) {
        return new Question(type, null, key, List.of(), null, null, null, List.of(), null, optional);
    }

    /** The question as the person reading it sees it. */
    String label(Texts t) {
        return key != null ? t.t(key) : text;
    }

    int min() {
        return switch (type) {
            case NPS -> 0;
            default -> 1;
        };
    }

    int top() {
        return switch (type) {
            case LIKERT -> 5;
            case NPS -> 10;
            case RATING -> max == null ? 5 : max;
            default -> options.size();
        };
    }

    int worth() {
        return points == null ? 1 : points;
    }

    boolean graded() {
        return !correct.isEmpty();
    }

    /** The choices a form offers for this question (none for a typed answer). */
    List<Reply.Option> formOptions(Texts t) {
        List<Reply.Option> out = new ArrayList<>();
        switch (type) {
            case LIKERT -> {
                for (int v = 1; v <= 5; v++) {
                    String label = v == 1 && low != null ? "1 " + low : v == 5 && high != null ? "5 " + high
                            : low != null || high != null ? String.valueOf(v) : t.t("poll.likert." + v);
                    out.add(new Reply.Option(String.valueOf(v), label));
                }
            }
            case NPS -> {
                for (int v = 0; v <= 10; v++) {
                    out.add(new Reply.Option(String.valueOf(v), v + (v == 0 ? " " + t.t("survey.nps.low")
                            : v == 10 ? " " + t.t("survey.nps.high") : "")));
                }
            }
            case RATING -> {
                for (int v = 1; v <= top(); v++) {
                    out.add(new Reply.Option(String.valueOf(v), v + " " + "★".repeat(Math.min(v, 10))));
                }
            }
            case SINGLE, MULTI -> {
                for (int i = 0; i < options.size(); i++) {
                    out.add(new Reply.Option(String.valueOf(i + 1), options.get(i)));
                }
            }
            default -> {
            }
        }
        return out;
    }

    Reply.FormField.Kind formKind() {
        return switch (type) {
            case TEXT -> Reply.FormField.Kind.MULTILINE;
            case MULTI -> Reply.FormField.Kind.CHOICES;
            default -> Reply.FormField.Kind.SELECT;
        };
    }

    /**
     * A form's value as the answer kept, or empty when it is not one this question takes (a score out of range, an
     * option it does not have). A blank value of an optional question is a skip ({@code ""}).
     */
    Optional<String> accept(String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return optional ? Optional.of("") : Optional.empty();
        }
        switch (type) {
            case TEXT -> {
                return v.length() > MAX_TEXT_ANSWER ? Optional.empty() : Optional.of(v);
            }
            case MULTI -> {
                TreeSet<Integer> chosen = new TreeSet<>();
                for (String part : v.split("[\\s,]+")) {
                    Optional<Integer> n = number(part).filter(x -> x >= 1 && x <= options.size());
                    if (n.isEmpty()) {
                        return Optional.empty();
                    }
                    chosen.add(n.get());
                }
                return Optional.of(String.join(" ", chosen.stream().map(String::valueOf).toList()));
            }
            default -> {
                return number(v).filter(x -> x >= min() && x <= top()).map(String::valueOf);
            }
        }
    }

    /** Whether a kept answer is right (quiz questions only): the one right option, or exactly the right set. */
    boolean right(String answer) {
        if (answer == null || answer.isBlank()) {
            return false;
        }
        List<Integer> given = Arrays.stream(answer.strip().split("\\s+")).map(Integer::valueOf).sorted().toList();
        return given.equals(correct.stream().sorted().toList());
    }

    /** The option labels of a kept choice answer ("Role play; Cases"), or the answer itself. */
    String shown(String answer) {
        if (!type.choice() || answer == null || answer.isBlank()) {
            return answer == null ? "" : answer;
        }
        return String.join("; ", Arrays.stream(answer.strip().split("\\s+")).map(Integer::valueOf)
                .filter(i -> i >= 1 && i <= options.size()).map(i -> options.get(i - 1)).toList());
    }

    /** The right options' labels, for a quiz's answers. */
    String rightShown() {
        return String.join("; ", correct.stream().map(i -> options.get(i - 1)).toList());
    }

    private static Optional<Integer> number(String s) {
        try {
            return Optional.of(Integer.parseInt(java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
