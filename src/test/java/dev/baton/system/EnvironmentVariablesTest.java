package dev.baton.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** #30 item 20: lead sources and webhooks can be set by environment variables, as the README says. */
class EnvironmentVariablesTest {

    @Test
    void leadSourcesAndWebhooksBindFromTheVariablesTheReadmeNames() {
        SystemEnvironmentPropertySource env = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                        "BATON_LEADS_SOURCES_WEBFORM", "s3cret",
                        "BATON_LEADS_WEBHOOKS_0_NAME", "crm",
                        "BATON_LEADS_WEBHOOKS_0_URL", "https://crm.example.com/hooks/baton",
                        "BATON_LEADS_WEBHOOKS_0_SECRET", "hook-secret",
                        "BATON_DATA_DIR", "/var/lib/baton"));
        Binder binder = new Binder(ConfigurationPropertySources.from(env));

        BatonProperties.Leads leads = binder.bind("baton.leads", BatonProperties.Leads.class).get();

        assertThat(leads.sources()).containsEntry("webform", "s3cret");
        assertThat(leads.webhooks()).singleElement().isEqualTo(new BatonProperties.Leads.Webhook("crm",
                "https://crm.example.com/hooks/baton", "hook-secret"));
        assertThat(binder.bind("baton.data-dir", String.class).get()).isEqualTo("/var/lib/baton");
    }
}
