package dev.baton.lead;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

interface Leads extends CrudRepository<Lead, Long> {

    /** The one people name by its reference in {@code workspace} (see RefNumbers). */
    java.util.Optional<Lead> findByWorkspaceAndNumber(String workspace, long number);


    @Query("SELECT * FROM lead WHERE workspace = :workspace AND status NOT IN ('DISQUALIFIED', 'WON', 'LOST') "
            + "AND ((:email IS NOT NULL AND email = :email) OR LOWER(company) = LOWER(:company)) ORDER BY id LIMIT 1")
    Optional<Lead> findOpenDuplicate(String workspace, String email, String company);

    List<Lead> findByAssigneeIdOrderById(long assigneeId);

    @Query("SELECT COUNT(*) FROM lead WHERE assignee_id = :memberId AND status IN ('HANDED_OFF', 'ACCEPTED', "
            + "'CONTACTED', 'QUALIFIED')")
    int countOpenFor(long memberId);

    List<Lead> findByWorkspaceAndCreatedAtBetweenOrderById(String workspace, java.time.Instant from,
            java.time.Instant to);
}

interface LeadPools extends CrudRepository<LeadPool, Long> {

    Optional<LeadPool> findByWorkspaceAndPoolKey(String workspace, String poolKey);

    List<LeadPool> findByWorkspaceOrderByPoolKey(String workspace);
}

interface LeadRules extends CrudRepository<LeadRule, Long> {

    List<LeadRule> findByWorkspaceOrderByPosition(String workspace);
}
