package dev.baton.poll;

import java.util.List;
import org.springframework.data.repository.CrudRepository;

interface Polls extends CrudRepository<Poll, Long> {

    List<Poll> findTop20ByCreatorIdOrderByIdDesc(long creatorId);

    List<Poll> findTop20ByWorkspaceOrderByCreatedAtDesc(String workspace);
}
