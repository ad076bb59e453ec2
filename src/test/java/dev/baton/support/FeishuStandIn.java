package dev.baton.support;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Makes the WireMock Feishu as strict as Feishu ({@link FeishuRules}): a refused call is an error, and recorded. */
public final class FeishuStandIn implements StubRequestFilterV2 {

    @Override
    public String getName() {
        return "feishu-rules";
    }

    @Override
    public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
        URI uri = URI.create(request.getUrl());
        String path = uri.getPath();
        if (!path.startsWith("/open-apis/im/v1/messages") && !path.startsWith("/open-apis/ephemeral/")) {
            return RequestFilterAction.continueWith(request);
        }
        List<String> broken;
        try {
            broken = FeishuRules.apiCall(request.getMethod().getName(), path, query(uri.getRawQuery()),
                    request.getBodyAsString());
        } catch (RuntimeException e) {
            broken = List.of("unreadable body: " + e);
        }
        if (broken.isEmpty()) {
            return RequestFilterAction.continueWith(request);
        }
        broken.forEach(b -> FeishuRules.VIOLATIONS.add(request.getMethod().getName() + " " + path + ": " + b));
        return RequestFilterAction.stopWith(ResponseDefinitionBuilder.responseDefinition().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(Json.write(Map.of("code", 230099, "msg", String.join("; ", broken))))
                .build());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            q.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }
}
