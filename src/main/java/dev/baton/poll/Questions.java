package dev.baton.poll;

import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Questions and answers as the JSON the database keeps. */
final class Questions {

    /**
     * A question's absent {@code optional} is false: the questions the migration wrote for questionnaires sent
     * before templates existed (V049) leave it out.
     */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    private static final TypeReference<List<Question>> QUESTIONS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> ANSWERS = new TypeReference<>() {
    };

    private Questions() {
    }

    static String json(List<Question> questions) {
        return JSON.writeValueAsString(questions);
    }

    static List<Question> parse(String json) {
        return List.copyOf(JSON.readValue(json, QUESTIONS));
    }

    static String answersJson(List<String> answers) {
        return JSON.writeValueAsString(answers);
    }

    static List<String> answers(String json) {
        return List.copyOf(JSON.readValue(json, ANSWERS));
    }

    /** A question's field name in a form: the built-in ones keep their names (content, nps, comment), others q1…. */
    static String field(Question q, int index) {
        if (q.key() == null || q.text() != null) {
            return "q" + (index + 1);
        }
        return q.key().startsWith("survey.comment.") ? "comment" : q.key().substring(q.key().lastIndexOf('.') + 1);
    }
}
