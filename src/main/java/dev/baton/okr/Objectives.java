package dev.baton.okr;

import java.util.List;
import org.springframework.data.repository.CrudRepository;

public interface Objectives extends CrudRepository<Objective, Long> {

    /** The one people name by its reference in {@code workspace} (see RefNumbers). */
    java.util.Optional<Objective> findByWorkspaceAndNumber(String workspace, long number);


    List<Objective> findByWorkspaceAndPeriodOrderById(String workspace, String period);

    List<Objective> findByOwnerIdAndPeriodOrderById(long ownerId, String period);

    List<Objective> findByDepartmentIdAndPeriodOrderById(long departmentId, String period);

    List<Objective> findByParentId(long parentId);
}
