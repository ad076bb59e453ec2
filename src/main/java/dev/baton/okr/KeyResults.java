package dev.baton.okr;

import java.util.List;
import org.springframework.data.repository.CrudRepository;

public interface KeyResults extends CrudRepository<KeyResult, Long> {

    List<KeyResult> findByObjectiveIdOrderById(long objectiveId);

    List<KeyResult> findByOwnerIdOrderById(long ownerId);
}
