package dev.baton;

import java.time.ZoneOffset;
import java.util.TimeZone;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class BatonApplication {

    public static void main(String[] args) {
        useUtc();
        SpringApplication.run(BatonApplication.class, args);
    }

    /**
     * The database keeps UTC (the connection's time zone, application.properties) and every time people see is
     * converted with their own zone, so the JVM's zone must not matter. It did: Spring Data converts DATETIME and
     * DATE columns through the JVM's default zone, so on a server set to Asia/Shanghai every timestamp a repository
     * read came back eight hours early and every out-of-office date was written a day early, and west of UTC dates
     * read back a day early. The JVM runs in UTC whatever the server's setting.
     */
    public static void useUtc() {
        TimeZone.setDefault(TimeZone.getTimeZone(ZoneOffset.UTC));
    }
}
