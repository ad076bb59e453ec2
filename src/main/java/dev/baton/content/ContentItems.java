package dev.baton.content;

import java.time.Instant;
import java.util.List;
import org.springframework.data.repository.CrudRepository;

public interface ContentItems extends CrudRepository<ContentItem, Long> {

    List<ContentItem> findByWorkspaceAndPublishAtBetweenOrderByPublishAt(String workspace, Instant from, Instant to);

    List<ContentItem> findByWorkspaceOrderByPublishAt(String workspace);

    List<ContentItem> findByOwnerIdOrderByPublishAt(long ownerId);

    List<ContentItem> findByWorkspaceAndStageNotOrderByPublishAt(String workspace, Stage stage);
}
