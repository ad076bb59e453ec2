package dev.baton.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import dev.baton.support.BatonTestSupport;
import dev.baton.team.Team;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Who may read or change someone else's data. Subject: alice, a member of marketing who owns O-1 and KR-1.
 * Actors: alice herself, mia (member, marketing), tom (trainer, marketing, and the reviewer of alice's post C-1),
 * carol (manager of marketing), dave (manager of sales) and root (admin). OKRs are open to read for everyone, as in
 * most OKR tools, and so is the content calendar.
 */
class AuthorizationMatrixTest extends BatonTestSupport {

    private static final String W = "test:W1";
    private static final Set<String> EVERYONE = Set.of("alice", "mia", "tom", "carol", "dave", "root");

    @Autowired
    private Conversation conversation;
    @Autowired
    private Team team;

    /** command, who may, and the SQL whose answer changes exactly when the command took effect. */
    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        Object[][] cases = {
            {"okr", "checkin KR-1 70", Set.of("alice", "carol", "root"),
                "SELECT COUNT(*) FROM check_in"},
            {"okr", "objective \"For alice\" owner @alice", Set.of("alice", "carol", "root"),
                "SELECT COUNT(*) FROM objective"},
            {"okr", "kr O-1 \"Extra\" from 0 to 10", Set.of("alice", "carol", "root"),
                "SELECT COUNT(*) FROM key_result"},
            {"okr", "align O-1 supports O-2", Set.of("alice", "carol", "root"),
                "SELECT COUNT(*) FROM objective WHERE parent_id IS NOT NULL"},
            {"okr", "objective \"Sales push\" dept sales", Set.of("dave", "root"),
                "SELECT COUNT(*) FROM objective WHERE department_id = (SELECT id FROM department WHERE dept_key='sales')"},
            {"baton", "role @alice manager", Set.of("root"),
                "SELECT COUNT(*) FROM member WHERE role = 'MANAGER'"},
            {"baton", "dept assign @alice sales", Set.of("root"),
                "SELECT COUNT(*) FROM member m JOIN department d ON d.id = m.department_id WHERE d.dept_key = 'sales'"},
            {"baton", "dept assign @newbie marketing", Set.of("carol", "root"),
                "SELECT COUNT(*) FROM member WHERE department_id IS NOT NULL"},
            {"baton", "dept add product \"Product\"", Set.of("root"),
                "SELECT COUNT(*) FROM department"},
            {"baton", "dept manager marketing @mia", Set.of("root"),
                "SELECT COUNT(*) FROM department WHERE manager_id = (SELECT id FROM member WHERE platform_user_id='mia')"},
            {"content", "plan \"For alice\" wechat 2026-03-20 owner @alice", Set.of("alice", "carol", "root"),
                "SELECT COUNT(*) FROM content_item"},
            {"content", "reschedule C-1 2026-03-21 20:00", Set.of("alice", "carol", "root"),
                "SELECT COUNT(*) FROM content_item WHERE publish_at > '2026-03-21'"},
            {"content", "move C-1 review", Set.of("alice", "carol", "root", "tom"),
                "SELECT COUNT(*) FROM content_item WHERE stage = 'IN_REVIEW'"},
            {"content", "reassign C-1 @mia", Set.of("alice", "carol", "root"),
                "SELECT COUNT(*) FROM content_item WHERE owner_id = (SELECT id FROM member WHERE platform_user_id='mia')"},
            {"content", "channel wechat @mia", Set.of("carol", "dave", "root"),
                "SELECT COUNT(*) FROM content_channel"},
        };
        for (Object[] c : cases) {
            for (String actor : EVERYONE) {
                rows.add(Arguments.of(actor, c[0], c[1], ((Set<?>) c[2]).contains(actor), c[3]));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: /{1} {2} -> allowed={3}")
    @MethodSource("matrix")
    void onlyTheRightPeopleChangeSomeoneElsesData(String actor, String command, String text, boolean allowed,
            String effect) {
        seed();
        long before = jdbc.sql(effect).query(Long.class).single();
        conversation.handle(new Inbound.Command(origin(actor), command, text.replace("@", "<@")
                .replaceAll("<@(\\w+)", "<@$1|$1>")));
        long after = jdbc.sql(effect).query(Long.class).single();
        if (allowed) {
            assertThat(after).as("%s may", actor).isNotEqualTo(before);
        } else {
            assertThat(after).as("%s may not", actor).isEqualTo(before);
            assertThat(lastReply()).as("a refusal says who may").containsAnyOf("Only", "only");
        }
    }

    @ParameterizedTest(name = "{0} may read alice''s OKRs")
    @MethodSource("everyone")
    void everyoneMayReadOkrs(String actor) {
        seed();
        conversation.handle(new Inbound.Command(origin(actor), "okr", "list <@alice|alice> 2026Q1"));
        assertThat(lastReply()).contains("Raise lead quality");
        conversation.handle(new Inbound.Command(origin(actor), "okr", "history KR-1"));
        assertThat(lastReply()).contains("KR-1");
    }

    static Stream<String> everyone() {
        return EVERYONE.stream().sorted();
    }

    private static Origin origin(String user) {
        return new Origin("test", W, "C1", user, false, null, null);
    }

    private String lastReply() {
        return jdbc.sql("SELECT payload FROM outbox_message ORDER BY id DESC LIMIT 1").query(String.class).single();
    }

    private void seed() {
        resetWorld();
        clock.set(java.time.Instant.parse("2026-03-02T02:00:00Z"));
        for (String name : List.of("alice", "mia", "tom", "carol", "dave", "root", "newbie")) {
            team.member("test", W, name);
        }
        jdbc.sql("INSERT INTO department (workspace, dept_key, name, version) VALUES (?, 'marketing', 'Marketing', 0),"
                + " (?, 'sales', 'Sales', 0)").params(W, W).update();
        Map<String, String[]> setup = Map.of(
                "alice", new String[] {"MEMBER", "marketing"}, "mia", new String[] {"MEMBER", "marketing"},
                "tom", new String[] {"TRAINER", "marketing"}, "carol", new String[] {"MANAGER", "marketing"},
                "dave", new String[] {"MANAGER", "sales"}, "root", new String[] {"ADMIN", null});
        setup.forEach((name, roleDept) -> jdbc.sql("UPDATE member SET role = ?, department_id = "
                + "(SELECT id FROM department WHERE dept_key = ?) WHERE platform_user_id = ?")
                .params(roleDept[0], roleDept[1], name).update());
        jdbc.sql("UPDATE department SET manager_id = (SELECT id FROM member WHERE platform_user_id = 'carol') "
                + "WHERE dept_key = 'marketing'").update();
        jdbc.sql("UPDATE department SET manager_id = (SELECT id FROM member WHERE platform_user_id = 'dave') "
                + "WHERE dept_key = 'sales'").update();
        conversation.handle(new Inbound.Command(origin("alice"), "okr", "objective \"Raise lead quality\" period 2026Q1"));
        conversation.handle(new Inbound.Command(origin("alice"), "okr", "kr O-1 \"Lead quality score\" from 65 to 80"));
        conversation.handle(new Inbound.Command(origin("dave"), "okr", "objective \"Close rate\" period 2026Q1"));
        // alice's post C-1, reviewed by tom
        conversation.handle(new Inbound.Command(origin("alice"), "content",
                "plan \"Spring teaser\" wechat 2026-03-20 20:00 review <@tom|tom>"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM key_result").query(Long.class).single()).isEqualTo(1);
    }
}
