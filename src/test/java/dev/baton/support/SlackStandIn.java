package dev.baton.support;

import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Makes the WireMock Slack as strict as Slack: a call whose blocks, view or text break {@link SlackRules} is answered
 * as Slack answers it ({@code invalid_blocks}; a {@code response_url} with 400) and recorded, so the test fails.
 */
public final class SlackStandIn implements StubRequestFilterV2 {

    @Override
    public String getName() {
        return "slack-rules";
    }

    @Override
    public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
        String path = URI.create(request.getUrl()).getPath();
        if (!path.startsWith("/api/") && !path.startsWith("/response/")) {
            return RequestFilterAction.continueWith(request); // file uploads: bytes
        }
        List<String> broken;
        try {
            broken = SlackRules.apiCall(path, request.getBodyAsString());
        } catch (RuntimeException e) {
            broken = List.of("unreadable body: " + e);
        }
        if (broken.isEmpty()) {
            return RequestFilterAction.continueWith(request);
        }
        broken.forEach(b -> SlackRules.VIOLATIONS.add(path + ": " + b));
        if (path.startsWith("/response/")) {
            return RequestFilterAction.stopWith(ResponseDefinitionBuilder.responseDefinition().withStatus(400)
                    .withBody("invalid_blocks").build());
        }
        return RequestFilterAction.stopWith(ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(Json.write(Map.of("ok", false, "error", "invalid_blocks",
                        "response_metadata", Map.of("messages", broken))))
                .build());
    }
}
