package dev.baton.poll;

import java.util.List;
import org.springframework.data.repository.CrudRepository;

interface Polls extends CrudRepository<Poll, Long> {

    /** The one people name by its reference in {@code workspace} (see RefNumbers). */
    java.util.Optional<Poll> findByWorkspaceAndNumber(String workspace, long number);


    List<Poll> findTop20ByCreatorIdOrderByIdDesc(long creatorId);

    List<Poll> findTop20ByWorkspaceOrderByCreatedAtDesc(String workspace);
}
