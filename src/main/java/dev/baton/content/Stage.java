package dev.baton.content;

import java.util.Locale;
import java.util.Optional;

/** idea → draft → in review → approved → scheduled → published. */
public enum Stage {
    IDEA, DRAFT, IN_REVIEW, APPROVED, SCHEDULED, PUBLISHED;

    static Optional<Stage> parse(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "idea", "想法", "选题" -> Optional.of(IDEA);
            case "draft", "草稿" -> Optional.of(DRAFT);
            // in_review: the stage's own name, as a card's "Move to in review" button sends it
            case "review", "in-review", "in_review", "审核" -> Optional.of(IN_REVIEW);
            case "approved", "approve", "通过" -> Optional.of(APPROVED);
            case "scheduled", "schedule", "排期" -> Optional.of(SCHEDULED);
            case "published", "publish", "发布", "已发布" -> Optional.of(PUBLISHED);
            default -> Optional.empty();
        };
    }

    boolean approved() {
        return compareTo(APPROVED) >= 0;
    }

    String key() {
        return "content.stage." + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
