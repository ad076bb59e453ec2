package dev.baton.system;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.scheduling.annotation.EnableScheduling;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SystemConfiguration {

    /** Domain code never calls now(): tests replace this bean with a clock they can move. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Every DATETIME column holds UTC (the connection's time zone is UTC, see application.properties). Connector/J
     * hands a DATETIME to Spring Data as a LocalDateTime, and Spring Data's default turns that into an Instant in the
     * JVM's own time zone: on a server set to Asia/Shanghai every timestamp a repository read was eight hours early,
     * while plain JDBC reads of the same rows were right. Read as UTC, whatever the JVM's zone.
     */
    @Bean
    JdbcCustomConversions jdbcCustomConversions(JdbcDialect dialect) {
        return JdbcCustomConversions.of(dialect, List.of(UtcDateTimeToInstant.INSTANCE));
    }

    @ReadingConverter
    enum UtcDateTimeToInstant implements Converter<LocalDateTime, Instant> {
        INSTANCE;

        @Override
        public Instant convert(LocalDateTime source) {
            return source.toInstant(ZoneOffset.UTC);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    JsonMapper jsonMapper() {
        return JsonMapper.builder().findAndAddModules().build();
    }
}
