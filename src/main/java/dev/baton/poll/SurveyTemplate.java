package dev.baton.poll;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A questionnaire or quiz a trainer designed for the team (T-3): its questions and how often they were edited
 * ({@code revision}). A send copies the questions, so an edit changes only what is sent after it.
 */
@Table("survey_template")
public class SurveyTemplate {

    @Id
    private Long id;
    private Long number;
    private final String workspace;
    private String name;
    private final boolean quiz;
    private final long ownerId;
    private String questions;
    private int revision;
    private boolean archived;
    private final Instant createdAt;
    private Instant updatedAt;
    @Version
    private Integer version;

    @PersistenceCreator
    SurveyTemplate(Long id, Long number, String workspace, String name, boolean quiz, long ownerId, String questions,
            int revision, boolean archived, Instant createdAt, Instant updatedAt, Integer version) {
        this.id = id;
        this.number = number;
        this.workspace = workspace;
        this.name = name;
        this.quiz = quiz;
        this.ownerId = ownerId;
        this.questions = questions;
        this.revision = revision;
        this.archived = archived;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.version = version;
    }

    static SurveyTemplate create(String workspace, String name, boolean quiz, long ownerId, List<Question> questions,
            Instant now) {
        return new SurveyTemplate(null, null, workspace, name, quiz, ownerId, Questions.json(questions), 1, false,
                now, now, null);
    }

    /** New questions make a new revision. */
    void revise(List<Question> questions, Instant now) {
        this.questions = Questions.json(questions);
        this.revision++;
        this.updatedAt = now;
    }

    void rename(String name, Instant now) {
        this.name = name;
        this.updatedAt = now;
    }

    void archive(Instant now) {
        this.archived = true;
        this.updatedAt = now;
    }

    long id() {
        return id;
    }

    String ref() {
        return "T-" + number;
    }

    String workspace() {
        return workspace;
    }

    String name() {
        return name;
    }

    boolean quiz() {
        return quiz;
    }

    long ownerId() {
        return ownerId;
    }

    List<Question> questions() {
        return Questions.parse(questions);
    }

    int revision() {
        return revision;
    }

    boolean archived() {
        return archived;
    }
}
