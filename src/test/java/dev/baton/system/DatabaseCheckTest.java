package dev.baton.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseCheckTest {

    @Test
    void connectorJOnMariaDb10IsRefusedWithTheUrlToUseInstead() {
        assertThat(DatabaseCheck.problem("MySQL Connector/J", "5.5.5-10.11.19-MariaDB-0+deb12u1"))
                .contains("jdbc:mariadb://");
    }

    @Test
    void theServersThatKeepMillisecondsAreAccepted() {
        assertThat(DatabaseCheck.problem("MySQL Connector/J", "11.4.5-MariaDB")).isNull();
        assertThat(DatabaseCheck.problem("MySQL Connector/J", "8.0.40")).isNull();
        assertThat(DatabaseCheck.problem("MariaDB Connector/J", "5.5.5-10.11.19-MariaDB")).isNull();
    }
}
