package dev.baton.poll;

import java.util.List;
import org.springframework.data.repository.CrudRepository;

interface Surveys extends CrudRepository<Survey, Long> {

    List<Survey> findTop20ByCreatorIdOrderByIdDesc(long creatorId);
}
