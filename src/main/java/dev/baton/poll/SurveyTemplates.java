package dev.baton.poll;

import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.CrudRepository;

interface SurveyTemplates extends CrudRepository<SurveyTemplate, Long> {

    Optional<SurveyTemplate> findByWorkspaceAndNumber(String workspace, long number);

    List<SurveyTemplate> findByWorkspaceAndArchivedFalseOrderByNumber(String workspace);
}
