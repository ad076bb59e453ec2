package dev.baton.support;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the WireMock Bot API as strict as Telegram ({@link TelegramRules}): a refused call is answered as Telegram
 * answers it ({@code {"ok":false,"error_code":400,…}}) and, unless it is the 403 of a person who never pressed
 * Start, recorded as an error of the test.
 */
public final class TelegramStandIn implements StubRequestFilterV2 {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public String getName() {
        return "telegram-rules";
    }

    /**
     * The method a Bot API path names ({@code /bot<token>/sendMessage}; Telegram takes any case, and the SDK sends
     * {@code sendmessage}) as the documentation spells it, or null for another path.
     */
    public static String method(String url) {
        String path = URI.create(url).getPath();
        if (!path.matches("/bot\\d+:[A-Za-z0-9_-]+/[A-Za-z]+")) {
            return null;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return TelegramRules.METHODS.stream().filter(name::equalsIgnoreCase).findFirst().orElse(name);
    }

    /** A call's fields: a JSON body's properties, or a multipart form's parts (as text; files by their name). */
    public static Map<String, JsonNode> fields(Request request) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        String type = String.valueOf(request.getHeader("Content-Type"));
        if (type.startsWith("multipart/")) {
            for (Request.Part part : request.getParts()) {
                String fileName = part.getHeader("Content-Disposition").firstValue();
                boolean file = fileName != null && fileName.contains("filename=");
                fields.put(part.getName(), JSON.getNodeFactory().stringNode(file ? fileName
                        : part.getBody().asString()));
            }
        } else if (!request.getBodyAsString().isBlank()) {
            JSON.readTree(request.getBodyAsString()).properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
        }
        return fields;
    }

    @Override
    public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
        String method = method(request.getUrl());
        if (method == null) {
            return RequestFilterAction.continueWith(request);
        }
        TelegramRules.Refusal refusal;
        try {
            refusal = TelegramRules.apiCall(method, fields(request));
        } catch (RuntimeException e) {
            refusal = new TelegramRules.Refusal(400, "Bad Request: unreadable body: " + e);
        }
        if (refusal == null) {
            return RequestFilterAction.continueWith(request);
        }
        if (refusal.code() != 403) {
            TelegramRules.VIOLATIONS.add(method + ": " + refusal.description());
        }
        return RequestFilterAction.stopWith(ResponseDefinitionBuilder.responseDefinition()
                .withStatus(refusal.code()).withHeader("Content-Type", "application/json")
                .withBody(Json.write(Map.of("ok", false, "error_code", refusal.code(),
                        "description", refusal.description())))
                .build());
    }
}
