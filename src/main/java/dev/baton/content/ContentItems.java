package dev.baton.content;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.repository.CrudRepository;

public interface ContentItems extends CrudRepository<ContentItem, Long> {

    /** The one people name by its reference in {@code workspace} (see RefNumbers). */
    java.util.Optional<ContentItem> findByWorkspaceAndNumber(String workspace, long number);


    List<ContentItem> findByWorkspaceAndPublishAtBetweenOrderByPublishAt(String workspace, Instant from, Instant to);

    List<ContentItem> findByWorkspaceOrderByPublishAt(String workspace);

    List<ContentItem> findByOwnerIdOrderByPublishAt(long ownerId);

    List<ContentItem> findByReviewerIdAndStageOrderByPublishAt(long reviewerId, Stage stage);

    /** A department's posts by their owners (ix_content_owner), not every post of the workspace. */
    List<ContentItem> findByOwnerIdInAndPublishAtBetweenOrderByPublishAt(Collection<Long> ownerIds, Instant from,
            Instant to);

    List<ContentItem> findByOwnerIdInAndStageNotOrderByPublishAt(Collection<Long> ownerIds, Stage stage);
}
