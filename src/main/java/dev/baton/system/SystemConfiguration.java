package dev.baton.system;

import java.time.Clock;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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

    /** Transactions without {@code SET autocommit} statements: see {@link DeferredAutoCommit}. */
    @Bean
    static BeanPostProcessor deferredAutoCommit() {
        return DeferredAutoCommit.wrappingThePool();
    }

    @Bean
    @ConditionalOnMissingBean
    JsonMapper jsonMapper() {
        return JsonMapper.builder().findAndAddModules().build();
    }
}
