package dev.baton.team;

import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.CrudRepository;

public interface Members extends CrudRepository<Member, Long> {

    Optional<Member> findByWorkspaceAndPlatformUserId(String workspace, String platformUserId);

    /** Names compare case-insensitively (the column's collation). */
    List<Member> findByWorkspaceAndDisplayName(String workspace, String displayName);

    List<Member> findByDepartmentId(long departmentId);

    List<Member> findByWorkspaceOrderByDisplayName(String workspace);
}
