package dev.baton.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.BatonTestSupport;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A handler that writes and then finds bad input, or crashes, leaves nothing behind: its writes and replies roll
 * back together and the person gets one friendly answer.
 */
@Import(EngineRollbackTest.HalfWay.class)
class EngineRollbackTest extends BatonTestSupport {

    @Autowired
    private Conversation conversation;

    @TestConfiguration
    static class HalfWay {
        @Bean
        CommandHandler halfWay(JdbcClient jdbc) {
            return new CommandHandler() {
                @Override
                public CommandSpec spec() {
                    return new CommandSpec("halfway", "okr.summary",
                            List.of(new CommandSpec.Usage("halfway.go", "go", "okr.help.list")));
                }

                @Override
                public void handle(Context ctx, Args args) {
                    jdbc.sql("INSERT INTO department (workspace, dept_key, name, version) VALUES ('w', 'x', 'X', 0)")
                            .update();
                    ctx.reply("written");
                    if (args.take("usage").isPresent()) {
                        throw args.forUsage("halfway.go").fail("error.unexpected", "usage");
                    }
                    throw new IllegalStateException("crash after a write");
                }
            };
        }
    }

    @BeforeEach
    void clean() {
        resetWorld();
    }

    private Origin origin() {
        return new Origin("test", "test:W1", "C1", "U1", false, null, null);
    }

    private List<String> outbox() {
        return jdbc.sql("SELECT payload FROM outbox_message ORDER BY id").query(String.class).list();
    }

    @Test
    void badInputAfterAWriteRollsBackAndAnswersWithTheUsage() {
        conversation.handle(new Inbound.Command(origin(), "halfway", "usage"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM department").query(Long.class).single()).isZero();
        assertThat(outbox()).singleElement().asString()
                .contains("I don’t understand “usage” here.").contains("/halfway go").doesNotContain("written");
    }

    @Test
    void aCrashRollsBackAndSaysNothingWasChanged() {
        conversation.handle(new Inbound.Command(origin(), "halfway", ""));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM department").query(Long.class).single()).isZero();
        assertThat(outbox()).singleElement().asString().contains("nothing was changed").doesNotContain("written");
    }

    @Test
    void anUnknownPlatformUserIsStillRegisteredWithDefaults() {
        conversation.handle(new Inbound.Command(origin(), "halfway", ""));
        assertThat(jdbc.sql("SELECT display_name, role, time_zone, locale FROM member").query().listOfRows())
                .singleElement().satisfies(row -> {
                    assertThat(row.get("display_name")).isEqualTo("U1");
                    assertThat(row.get("role")).isEqualTo("MEMBER");
                    assertThat(row.get("time_zone")).isEqualTo("UTC");
                    assertThat(row.get("locale")).isEqualTo("en");
                });
    }
}
