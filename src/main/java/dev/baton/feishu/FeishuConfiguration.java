package dev.baton.feishu;

import dev.baton.system.BatonProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import tools.jackson.databind.json.JsonMapper;

/** The Feishu gateway, when an app id and secret are configured. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${baton.feishu.app-id:}' != '' and '${baton.feishu.app-secret:}' != ''")
class FeishuConfiguration {

    @Bean
    FeishuApi feishuApi(JsonMapper json, Clock clock, BatonProperties properties) {
        return new FeishuApi(json, clock, properties.feishu());
    }

    /** Events through the long connection Baton opens (no public address), when so configured. */
    @Bean
    @ConditionalOnExpression("'${baton.feishu.connection:webhook}'.trim().equalsIgnoreCase('websocket')")
    FeishuLongConnection feishuLongConnection(FeishuCallbacks callbacks, JsonMapper json, BatonProperties properties,
            MeterRegistry meters) {
        return new FeishuLongConnection(callbacks, json, properties.feishu(), meters);
    }

    @Bean
    FeishuBot feishuBot(FeishuApi api) {
        return new FeishuBot(api);
    }

    @Bean
    FeishuChatGateway feishuChatGateway(FeishuApi api, JsonMapper json) {
        return new FeishuChatGateway(api, json);
    }
}
