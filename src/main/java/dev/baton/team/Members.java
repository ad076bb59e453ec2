package dev.baton.team;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

public interface Members extends CrudRepository<Member, Long> {

    // written out: Spring Data JDBC renders a derived query's SQL anew on every call, and this runs on every inbound
    @Query("SELECT * FROM member WHERE workspace = :workspace AND platform_user_id = :platformUserId")
    Optional<Member> findByWorkspaceAndPlatformUserId(String workspace, String platformUserId);

    /** Names compare case-insensitively (the column's collation). */
    List<Member> findByWorkspaceAndDisplayName(String workspace, String displayName);

    List<Member> findByDepartmentId(long departmentId);

    List<Member> findByWorkspaceOrderByDisplayName(String workspace);
}
