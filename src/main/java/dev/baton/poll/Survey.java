package dev.baton.poll;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A training-feedback questionnaire: sent by DM to a session's participants, answered in a form, reminded once,
 * closed with results for its creator, and optionally followed by a questionnaire on what people applied.
 * Participants and responses are their own tables ({@link SurveyAnswers}), not children of this aggregate.
 */
@Table("survey")
public class Survey {

    /** The built-in questionnaire every trainer can send without designing one (the default template). */
    static final List<Question> TRAINING = List.of(Question.builtIn(Question.Type.LIKERT, "survey.item.content", false),
            Question.builtIn(Question.Type.LIKERT, "survey.item.instructor", false),
            Question.builtIn(Question.Type.LIKERT, "survey.item.format", false),
            Question.builtIn(Question.Type.LIKERT, "survey.item.usefulness", false),
            Question.builtIn(Question.Type.NPS, "survey.item.nps", false),
            Question.builtIn(Question.Type.TEXT, "survey.comment.training", true));

    /** The built-in follow-up, weeks later: what people applied. */
    static final List<Question> FOLLOWUP = List.of(Question.builtIn(Question.Type.LIKERT, "survey.item.applied", false),
            Question.builtIn(Question.Type.LIKERT, "survey.item.results", false),
            Question.builtIn(Question.Type.TEXT, "survey.comment.followup", true));

    static final String BUILT_IN_TRAINING = "TRAINING";
    static final String BUILT_IN_FOLLOWUP = "FOLLOWUP";

    @Id
    private Long id;
    /** Its number in its workspace: the 3 of S-3 (given by RefNumbers). */
    private Long number;
    private final String workspace;
    private final long creatorId;
    private final String title;
    /** TRAINING, FOLLOWUP (built in) or the reference of the team's template it was sent from (T-3). */
    private final String template;
    private final Integer templateRevision;
    /** The questions as they were when it was sent (JSON; see {@link Questions}). */
    private final String questions;
    private final boolean quiz;
    private final Integer timeLimitMinutes;
    private final boolean scoresAtOnce;
    private final boolean anonymous;
    private final int minRespondents;
    private String status;
    private final Instant closesAt;
    private Instant closedAt;
    private final Integer followUpDays;
    private final Long followsId;
    private final Instant createdAt;
    @Version
    private Integer version;

    @PersistenceCreator
    Survey(Long id, String workspace, long creatorId, String title, String template, Integer templateRevision,
            String questions, boolean quiz, Integer timeLimitMinutes, boolean scoresAtOnce, boolean anonymous,
            int minRespondents, String status, Instant closesAt, Instant closedAt, Integer followUpDays,
            Long followsId, Instant createdAt, Integer version) {
        this.id = id;
        this.workspace = workspace;
        this.creatorId = creatorId;
        this.title = title;
        this.template = template;
        this.templateRevision = templateRevision;
        this.questions = questions;
        this.quiz = quiz;
        this.timeLimitMinutes = timeLimitMinutes;
        this.scoresAtOnce = scoresAtOnce;
        this.anonymous = anonymous;
        this.minRespondents = minRespondents;
        this.status = status;
        this.closesAt = closesAt;
        this.closedAt = closedAt;
        this.followUpDays = followUpDays;
        this.followsId = followsId;
        this.createdAt = createdAt;
        this.version = version;
    }

    /** What is sent: its questions, where they come from, and how a quiz is run. */
    record Design(String template, Integer revision, List<Question> questions, boolean quiz, Integer timeLimitMinutes,
            boolean scoresAtOnce) {

        static Design builtIn(String name, List<Question> questions) {
            return new Design(name, null, questions, false, null, false);
        }
    }

    static Survey send(String workspace, long creatorId, String title, Design design, boolean anonymous,
            int minRespondents, Instant closesAt, Integer followUpDays, Long followsId, Instant now) {
        return new Survey(null, workspace, creatorId, title, design.template(), design.revision(),
                Questions.json(design.questions()), design.quiz(), design.timeLimitMinutes(), design.scoresAtOnce(),
                anonymous, minRespondents, "OPEN", closesAt, null, followUpDays, followsId, now, null);
    }

    void close(Instant now) {
        status = "CLOSED";
        closedAt = now;
    }

    public long id() {
        return id;
    }

    String ref() {
        return "S-" + number;
    }

    String workspace() {
        return workspace;
    }

    long creatorId() {
        return creatorId;
    }

    String title() {
        return title;
    }

    String template() {
        return template;
    }

    Optional<Integer> templateRevision() {
        return Optional.ofNullable(templateRevision);
    }

    List<Question> questions() {
        return Questions.parse(questions);
    }

    boolean quiz() {
        return quiz;
    }

    Optional<Integer> timeLimitMinutes() {
        return Optional.ofNullable(timeLimitMinutes);
    }

    boolean scoresAtOnce() {
        return scoresAtOnce;
    }

    /** Everything it asks again, for a follow-up or a second run. */
    Design design() {
        return new Design(template, templateRevision, questions(), quiz, timeLimitMinutes, scoresAtOnce);
    }

    boolean anonymous() {
        return anonymous;
    }

    int minRespondents() {
        return minRespondents;
    }

    boolean open() {
        return "OPEN".equals(status);
    }

    Instant closesAt() {
        return closesAt;
    }

    Optional<Instant> closedAt() {
        return Optional.ofNullable(closedAt);
    }

    Optional<Integer> followUpDays() {
        return Optional.ofNullable(followUpDays);
    }

    Optional<Long> followsId() {
        return Optional.ofNullable(followsId);
    }

    Instant createdAt() {
        return createdAt;
    }
}
