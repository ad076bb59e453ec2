package dev.baton.system;

import java.time.Clock;
import java.time.ZoneOffset;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SystemConfiguration {

    /**
     * Domain code never calls now(): tests replace this bean with a clock they can move. It ticks in milliseconds,
     * as every stored time is {@code DATETIME(3)}: a time read back equals the one written, on servers that round
     * finer fractions (MySQL 8, up to the next second) as on those that cut them (MariaDB).
     */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.tickMillis(ZoneOffset.UTC);
    }

    @Bean
    @ConditionalOnMissingBean
    JsonMapper jsonMapper() {
        return JsonMapper.builder().findAndAddModules().build();
    }
}
