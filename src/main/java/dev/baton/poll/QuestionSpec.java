package dev.baton.poll;

import dev.baton.conversation.Args;
import dev.baton.conversation.Texts;
import dev.baton.conversation.Token;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The compact text a trainer types for questions: each starts with its type, then its wording and options in
 * quotes, then a few words.
 *
 * <pre>
 * likert "The content was clear" "Not at all" "Completely"   (the two labels are optional)
 * nps                                                        (or nps "Would you recommend …?")
 * choice "Which part helped most?" "Role play" "Cases"       (single choice, 2–10 options)
 * multi "What should we add?" "Videos" "Templates" optional  (multiple choice)
 * rating "Rate the venue" max 10                             (1–5 unless max says otherwise)
 * text "What would you change?" optional                     (typed answer)
 * </pre>
 *
 * In a quiz every question is a choice whose right options are marked with {@code *} ({@code "*199"}) and may be
 * worth more than one point ({@code points 2}). Semicolons between questions (read as spaces by the tokenizer) are
 * allowed, never needed; Chinese
 * keywords (李克特/量表, 推荐, 单选, 多选, 评分, 问答/文本, 可选, 分值, 满分) work as the English ones.
 */
final class QuestionSpec {

    static final int MAX_QUESTIONS = 20;
    static final int MAX_TEXT = 300;
    static final int MAX_OPTION = 75;
    static final int MAX_OPTIONS = 10;

    private static final Map<String, Question.Type> TYPES = Map.ofEntries(
            Map.entry("likert", Question.Type.LIKERT), Map.entry("李克特", Question.Type.LIKERT),
            Map.entry("量表", Question.Type.LIKERT), Map.entry("nps", Question.Type.NPS),
            Map.entry("推荐", Question.Type.NPS), Map.entry("choice", Question.Type.SINGLE),
            Map.entry("single", Question.Type.SINGLE), Map.entry("单选", Question.Type.SINGLE),
            Map.entry("multi", Question.Type.MULTI), Map.entry("multiple", Question.Type.MULTI),
            Map.entry("多选", Question.Type.MULTI), Map.entry("rating", Question.Type.RATING),
            Map.entry("评分", Question.Type.RATING), Map.entry("text", Question.Type.TEXT),
            Map.entry("问答", Question.Type.TEXT), Map.entry("文本", Question.Type.TEXT),
            Map.entry("简答", Question.Type.TEXT));

    private QuestionSpec() {
    }

    /** Whether a word starts a question. */
    static boolean startsQuestion(Token t) {
        return t.kind() == Token.Kind.WORD && TYPES.containsKey(t.text().toLowerCase(Locale.ROOT));
    }

    /** Every question up to the end of {@code args}; at least one. */
    static List<Question> parse(Args args, boolean quiz, int numberedFrom) {
        List<Question> out = new ArrayList<>();
        while (args.hasMore()) {
            out.add(one(args, quiz, numberedFrom + out.size()));
        }
        if (out.isEmpty()) {
            throw args.fail(quiz ? "template.error.no-quiz-questions" : "template.error.no-questions");
        }
        return out;
    }

    /** What a whole set of questions must be: at most {@link #MAX_QUESTIONS}, at most one NPS question. */
    static void check(Args args, List<Question> questions) {
        if (questions.size() > MAX_QUESTIONS) {
            throw args.fail("template.error.too-many", MAX_QUESTIONS);
        }
        if (questions.stream().filter(q -> q.type() == Question.Type.NPS).count() > 1) {
            throw args.fail("template.error.two-nps");
        }
    }

    /** One question, numbered {@code n} in what the trainer sees. */
    static Question one(Args args, boolean quiz, int n) {
        Token first = args.next("template.error.no-questions");
        Question.Type type = first.kind() == Token.Kind.WORD ? TYPES.get(first.text().toLowerCase(Locale.ROOT))
                : null;
        if (type == null) {
            throw args.fail("template.error.type", n, first.text());
        }
        if (quiz && !type.choice()) {
            throw args.fail("template.error.quiz-type", n);
        }
        String text = null;
        List<String> quoted = new ArrayList<>();
        boolean optional = false;
        Integer max = null;
        Integer points = null;
        while (args.hasMore() && !startsQuestion(args.peek().get())) {
            Token t = args.next("template.error.no-questions");
            if (t.kind() == Token.Kind.QUOTED) {
                if (t.text().isBlank()) {
                    throw args.fail("template.error.blank", n);
                }
                if (text == null) {
                    text = t.text().strip();
                } else {
                    quoted.add(t.text().strip());
                }
                continue;
            }
            switch (t.text().toLowerCase(Locale.ROOT)) {
                case "optional", "可选", "选填" -> optional = true;
                case "max", "满分" -> {
                    if (type != Question.Type.RATING) {
                        throw args.fail("template.error.max-not-rating", n);
                    }
                    max = args.integer("template.error.max", "template.error.max", 3, 10);
                }
                case "points", "分值" -> {
                    if (!quiz) {
                        throw args.fail("template.error.points-not-quiz", n);
                    }
                    points = args.integer("template.error.points", "template.error.points", 1, 100);
                }
                default -> throw args.fail("template.error.unexpected", n, t.text());
            }
        }
        if (text == null && type != Question.Type.NPS) {
            throw args.fail("template.error.text-missing", n, first.text());
        }
        if (text != null && text.length() > MAX_TEXT) {
            throw args.fail("template.error.text-long", n, MAX_TEXT);
        }
        String low = null;
        String high = null;
        List<String> options = List.of();
        List<Integer> correct = new ArrayList<>();
        switch (type) {
            case LIKERT -> {
                if (quoted.size() != 0 && quoted.size() != 2) {
                    throw args.fail("template.error.anchors", n);
                }
                if (quoted.size() == 2) {
                    low = label(args, quoted.get(0), n);
                    high = label(args, quoted.get(1), n);
                }
            }
            case SINGLE, MULTI -> {
                if (quoted.size() < 2 || quoted.size() > MAX_OPTIONS) {
                    throw args.fail("template.error.options", n, MAX_OPTIONS);
                }
                List<String> labels = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (String q : quoted) {
                    String label = q;
                    if (quiz && (q.startsWith("*") || q.startsWith("＊"))) {
                        label = q.substring(1).strip();
                        correct.add(labels.size() + 1);
                    }
                    label = label(args, label, n);
                    if (!seen.add(label.toLowerCase(Locale.ROOT))) {
                        throw args.fail("template.error.option-twice", n, label);
                    }
                    labels.add(label);
                }
                options = labels;
                if (quiz && correct.isEmpty()) {
                    throw args.fail("template.error.quiz-correct", n);
                }
                if (quiz && type == Question.Type.SINGLE && correct.size() > 1) {
                    throw args.fail("template.error.single-correct", n);
                }
            }
            default -> {
                if (!quoted.isEmpty()) {
                    throw args.fail("template.error.unexpected", n, "“" + quoted.get(0) + "”");
                }
            }
        }
        return new Question(type, text, text == null ? "survey.item.nps" : null, options, low, high, max,
                correct, points, optional);
    }

    private static String label(Args args, String label, int n) {
        if (label.isBlank()) {
            throw args.fail("template.error.blank", n);
        }
        if (label.length() > MAX_OPTION) {
            throw args.fail("template.error.option-long", n, label.substring(0, 20) + "…", MAX_OPTION);
        }
        return label;
    }

    /** A question as its spec, so a trainer can copy it back: {@code choice "Best part?" "Role play" "*Cases"}. */
    static String spec(Question q) {
        StringBuilder b = new StringBuilder(switch (q.type()) {
            case LIKERT -> "likert";
            case NPS -> "nps";
            case SINGLE -> "choice";
            case MULTI -> "multi";
            case RATING -> "rating";
            case TEXT -> "text";
        });
        if (q.text() != null) {
            b.append(" \"").append(q.text()).append('"');
        }
        if (q.low() != null) {
            b.append(" \"").append(q.low()).append("\" \"").append(q.high()).append('"');
        }
        for (int i = 0; i < q.options().size(); i++) {
            b.append(" \"").append(q.correct().contains(i + 1) ? "*" : "").append(q.options().get(i)).append('"');
        }
        if (q.max() != null) {
            b.append(" max ").append(q.max());
        }
        if (q.points() != null) {
            b.append(" points ").append(q.points());
        }
        if (q.optional()) {
            b.append(" optional");
        }
        return b.toString();
    }

    /** One line of a template as shown: "3. Single choice · Which part helped most? — Role play / ✓ Cases". */
    static String describe(Question q, int n, Texts t) {
        StringBuilder b = new StringBuilder().append(n).append(". ").append(t.t("template.type." + q.type().name()
                .toLowerCase(Locale.ROOT))).append(" · ").append(q.label(t));
        if (q.low() != null) {
            b.append(" (1 ").append(q.low()).append(" … 5 ").append(q.high()).append(')');
        }
        if (q.type() == Question.Type.RATING) {
            b.append(" (1–").append(q.top()).append(')');
        }
        if (!q.options().isEmpty()) {
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < q.options().size(); i++) {
                shown.add((q.correct().contains(i + 1) ? "✓ " : "") + q.options().get(i));
            }
            b.append(" — ").append(String.join(" / ", shown));
        }
        if (q.graded()) {
            b.append(' ').append(t.t("template.points", q.worth()));
        }
        if (q.optional()) {
            b.append(' ').append(t.t("template.optional"));
        }
        return b.toString();
    }
}
