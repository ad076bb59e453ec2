package dev.baton.team;

import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.CrudRepository;

public interface Departments extends CrudRepository<Department, Long> {

    Optional<Department> findByWorkspaceAndKey(String workspace, String key);

    List<Department> findByWorkspaceOrderByKey(String workspace);

    List<Department> findByManagerId(long managerId);
}
