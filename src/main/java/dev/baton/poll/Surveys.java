package dev.baton.poll;

import java.util.List;
import org.springframework.data.repository.CrudRepository;

interface Surveys extends CrudRepository<Survey, Long> {

    /** The one people name by its reference in {@code workspace} (see RefNumbers). */
    java.util.Optional<Survey> findByWorkspaceAndNumber(String workspace, long number);


    List<Survey> findTop20ByCreatorIdOrderByIdDesc(long creatorId);
}
