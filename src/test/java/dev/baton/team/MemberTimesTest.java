package dev.baton.team;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.BatonApplication;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import dev.baton.support.BatonTestSupport;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A member as read through the repository equals what the database holds on a machine whose own time zone is not
 * UTC, once Baton has made its JVM run in UTC as it does at start. Without that, Spring Data shifted DATETIME and
 * DATE values by the machine's zone (see {@link BatonApplication#useUtc()}).
 */
class MemberTimesTest extends BatonTestSupport {

    @Autowired
    private Conversation conversation;

    @Autowired
    private Members members;

    private final TimeZone zone = TimeZone.getDefault();

    @BeforeEach
    void clean() {
        resetWorld();
    }

    @AfterEach
    void restore() {
        TimeZone.setDefault(zone);
    }

    @ParameterizedTest
    @ValueSource(strings = {"America/Los_Angeles", "Asia/Shanghai", "UTC"})
    void datesAndTimesReadBackAsWrittenWhateverTheJvmsZone(String jvmZone) {
        TimeZone.setDefault(TimeZone.getTimeZone(jvmZone));
        BatonApplication.useUtc();
        Origin root = new Origin("slack", "slack:" + TEAM, "C1", "UROOT", false, null, null);
        conversation.handle(new Inbound.Command(root, "baton", "ooo until 2026-03-20"));
        Member member = members.findByWorkspaceAndPlatformUserId("slack:" + TEAM, "UROOT").orElseThrow();
        assertThat(members.findById(member.id()).orElseThrow()).usingRecursiveComparison().isEqualTo(member);
        assertThat(member.outOfOfficeUntil()).as("a DATE stays the day it was").hasToString("2026-03-20");
        assertThat(jdbc.sql("SELECT CAST(out_of_office_until AS CHAR) FROM member WHERE id = ?")
                .param(member.id()).query(String.class).single()).isEqualTo("2026-03-20");
        assertThat(jdbc.sql("SELECT CAST(created_at AS CHAR) FROM member WHERE id = ?").param(member.id())
                .query(String.class).single()).as("registered now by the test's clock, kept in UTC")
                .isEqualTo(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC)
                        .format(clock.instant()));
    }
}
