package dev.baton.team;

import dev.baton.system.RoundTrip;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A member by platform id or by id: the read every inbound makes first, as a plain statement mapped by hand. Through
 * the repository the proxy, its transaction interceptor and the generic entity mapping cost more CPU than the
 * statement itself (BENCHMARKS.md, section 1). Writes and every other read stay with {@link Members}.
 */
@Component
class MemberRows {

    private static final String COLUMNS = "SELECT id, workspace, platform_user_id, display_name, department_id, role, "
            + "time_zone, locale, out_of_office_until, checkin_day, created_at, version FROM member ";
    private static final String BY_PLATFORM_ID = COLUMNS + "WHERE workspace = ? AND platform_user_id = ?";

    private static final RowMapper<Member> MEMBER = (rs, i) -> {
        Timestamp created = rs.getTimestamp(11);
        return new Member(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                (Long) rs.getObject(5, Long.class), Role.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8),
                rs.getObject(9, LocalDate.class), DayOfWeek.valueOf(rs.getString(10)),
                created == null ? null : created.toInstant(), rs.getInt(12));
    };

    private final JdbcClient jdbc;

    MemberRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Member> byPlatformId(String workspace, String platformUserId) {
        return jdbc.sql(BY_PLATFORM_ID).params(workspace, platformUserId)
                .query(MEMBER).optional();
    }

    /** {@link #byPlatformId(String, String)}, read in a round trip with other statements. */
    RoundTrip.Rows<Member> byPlatformId(RoundTrip trip, String workspace, String platformUserId) {
        return trip.query(BY_PLATFORM_ID, MEMBER, workspace, platformUserId);
    }

    /** The members of {@code workspace} among {@code platformUserIds}, in no particular order. */
    RoundTrip.Rows<Member> byPlatformIds(RoundTrip trip, String workspace, List<String> platformUserIds) {
        String marks = RoundTrip.repeated("?", platformUserIds.size());
        Object[] params = new Object[platformUserIds.size() + 1];
        params[0] = workspace;
        for (int i = 0; i < platformUserIds.size(); i++) {
            params[i + 1] = platformUserIds.get(i);
        }
        return trip.query(COLUMNS + "WHERE workspace = ? AND platform_user_id IN (" + marks + ")", MEMBER, params);
    }

    /** The members among {@code ids} (at least one), in no particular order. */
    List<Member> byIds(List<Long> ids) {
        return jdbc.sql(COLUMNS + "WHERE id IN (" + RoundTrip.repeated("?", ids.size()) + ")")
                .params(ids.toArray()).query(MEMBER).list();
    }

    Optional<Member> byId(long id) {
        return jdbc.sql(COLUMNS + "WHERE id = ?").param(id).query(MEMBER).optional();
    }
}
