package dev.baton.transcript;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.baton.support.FormBodies;
import dev.baton.support.SlackSigner;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;


/**
 * Plays Slack: sends signed slash commands, button clicks, modal submissions and Events API callbacks to Baton's
 * real endpoint, and reads back what Baton sent to WireMock (standing in for Slack's Web API) as {@link Observed}.
 */
final class SlackDriver implements ChatDriver {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern MENTION = Pattern.compile("(?<![<\\w])@([\\w.-]+)");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String endpoint;
    private final String secret;
    private final String team;
    private final WireMockServer slack;
    private final Map<String, String> userIds;
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, String> responseUrlOwner = new HashMap<>();
    private final Map<String, String> triggerOwner = new HashMap<>();
    private final Map<String, List<Observed>> seen = new HashMap<>();
    private final Map<String, Observed> lastModal = new HashMap<>();
    private int counter;
    private long lastTimestamp;
    private String lastEvent;
    private String uploadName;
    private List<Observed> pendingSync = new ArrayList<>();
    private final dev.baton.support.SocketModeStandIn socket;

    SlackDriver(String baseUrl, String secret, String team, WireMockServer slack, Map<String, String> userIds) {
        this(baseUrl, secret, team, slack, userIds, null);
    }

    /** With {@code socket} set, Slack talks to Baton through Socket Mode instead of signed HTTP requests. */
    SlackDriver(String baseUrl, String secret, String team, WireMockServer slack, Map<String, String> userIds,
            dev.baton.support.SocketModeStandIn socket) {
        this.socket = socket;
        this.endpoint = baseUrl + "/slack/events";
        this.secret = secret;
        this.team = team;
        this.slack = slack;
        this.userIds = userIds;
        userIds.forEach((name, id) -> names.put(id, name));
    }

    String userId(String name) {
        String id = userIds.get(name);
        if (id == null) {
            throw new IllegalArgumentException("Unknown member '" + name + "' (not in the given file)");
        }
        return id;
    }

    static String channelId(String name) {
        return "C" + name.toUpperCase(Locale.ROOT).replace("-", "");
    }

    static String dmChannel(String userId) {
        return "D" + userId;
    }

    /** A slash command typed in a channel. Mentions of known members are escaped as Slack does. */
    @Override
    public void command(String user, String channel, String line) throws IOException, InterruptedException {
        String[] parts = line.split("\\s+", 2);
        String text = parts.length > 1 ? escapeMentions(parts[1]) : "";
        String uid = userId(user);
        String responseUrl = slack.baseUrl() + "/response/" + (++counter);
        String trigger = "trigger-" + counter;
        responseUrlOwner.put(responseUrl.substring(slack.baseUrl().length()), user);
        triggerOwner.put(trigger, user);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "legacy");
        form.put("team_id", team);
        form.put("team_domain", "baton-test");
        form.put("channel_id", channel == null ? dmChannel(uid) : channelId(channel));
        form.put("channel_name", channel == null ? "directmessage" : channel);
        form.put("user_id", uid);
        form.put("user_name", user);
        form.put("command", parts[0]);
        form.put("text", text);
        form.put("api_app_id", "A0BATON");
        form.put("response_url", responseUrl);
        form.put("trigger_id", trigger);
        String ack = post(formBody(form), "application/x-www-form-urlencoded", Map.of());
        if (ack != null && !ack.isBlank()) {
            // the answer carried by the acknowledgement: Slack shows it to the person like one sent to response_url
            pendingSync.add(responseMessage(user, JSON.readValue(ack, new TypeReference<Map<String, Object>>() { })));
        }
    }

    @SuppressWarnings("unchecked")
    private Observed responseMessage(String user, Map<String, Object> json) {
        boolean replace = Boolean.TRUE.equals(json.get("replace_original"));
        List<Map<String, Object>> blocks = (List<Map<String, Object>>) json.get("blocks");
        return new Observed(user, replace ? "update" : "ephemeral", BlockText.flatten(blocks, (String) json.get("text")),
                buttons(blocks), "C?", "ephemeral-" + (++counter), null);
    }

    /** A direct message to the bot, delivered through the Events API. */
    @Override
    public void directMessage(String user, String text) throws IOException, InterruptedException {
        String uid = userId(user);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "message");
        event.put("channel", dmChannel(uid));
        event.put("channel_type", "im");
        event.put("user", uid);
        event.put("text", escapeMentions(text));
        deliver(event);
    }

    /** "@Baton okr list" in a channel, delivered as an app_mention event. */
    @Override
    public void mention(String user, String channel, String text) throws IOException, InterruptedException {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "app_mention");
        event.put("channel", channelId(channel));
        event.put("user", userId(user));
        event.put("text", "<@UBATON> " + escapeMentions(text));
        deliver(event);
    }

    private void deliver(Map<String, Object> event) throws IOException, InterruptedException {
        event.put("ts", "1700000000." + String.format("%06d", ++counter));
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("token", "legacy");
        envelope.put("team_id", team);
        envelope.put("api_app_id", "A0BATON");
        envelope.put("event", event);
        envelope.put("type", "event_callback");
        envelope.put("event_id", "Ev" + String.format("%08d", counter));
        envelope.put("event_time", 1700000000 + counter);
        lastEvent = JSON.writeValueAsString(envelope);
        post(lastEvent, "application/json", Map.of());
    }

    /** Slack delivers the last event again with its retry headers. */
    @Override
    public void redeliver() throws IOException, InterruptedException {
        if (lastEvent == null) {
            throw new IllegalStateException("Nothing to redeliver: no event was sent yet");
        }
        post(lastEvent, "application/json", Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason",
                "http_timeout"));
    }

    /** Presses the button labelled {@code label} on the newest message to {@code user} that has one. */
    @Override
    public void click(String user, String label, String channel) throws IOException, InterruptedException {
        List<Observed> mine = seen.getOrDefault(channel != null ? channel : user, List.of());
        for (int i = mine.size() - 1; i >= 0; i--) {
            Observed o = mine.get(i);
            for (Map<String, Object> button : o.buttons()) {
                if (label.equals(BlockText.text(button.get("text")))) {
                    sendClick(user, o, button);
                    return;
                }
            }
        }
        throw new IllegalStateException((channel != null ? channel : user) + " has no message with a button ["
                + label + "]");
    }

    private void sendClick(String user, Observed message, Map<String, Object> button)
            throws IOException, InterruptedException {
        String uid = userId(user);
        String responseUrl = slack.baseUrl() + "/response/" + (++counter);
        String trigger = "trigger-" + counter;
        responseUrlOwner.put(responseUrl.substring(slack.baseUrl().length()), user);
        triggerOwner.put(trigger, user);
        boolean ephemeral = "ephemeral".equals(message.kind());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "block_actions");
        payload.put("team", Map.of("id", team, "domain", "baton-test"));
        payload.put("user", Map.of("id", uid, "username", user, "team_id", team));
        payload.put("api_app_id", "A0BATON");
        payload.put("token", "legacy");
        payload.put("trigger_id", trigger);
        payload.put("response_url", responseUrl);
        payload.put("container", Map.of("type", "message", "message_ts", message.ts(), "channel_id",
                message.channel(), "is_ephemeral", ephemeral));
        payload.put("channel", Map.of("id", message.channel(), "name", "dm"));
        payload.put("actions", List.of(Map.of("action_id", button.get("action_id"), "block_id", "b1",
                "value", button.getOrDefault("value", ""), "type", "button", "action_ts", "1700000000.1",
                "text", button.get("text"))));
        post(formBody(Map.of("payload", JSON.writeValueAsString(payload))), "application/x-www-form-urlencoded",
                Map.of());
    }

    /** Submits the last modal opened for {@code user}; fields are matched by block id, selects by value or label. */
    @SuppressWarnings("unchecked")
    @Override
    public void submit(String user, Map<String, String> fields) throws IOException, InterruptedException {
        Observed modal = lastModal.get(user);
        if (modal == null) {
            throw new IllegalStateException(user + " has no open form");
        }
        Map<String, Object> view = modal.view();
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>(fields.keySet());
        for (Map<String, Object> block : (List<Map<String, Object>>) view.get("blocks")) {
            if (!"input".equals(block.get("type"))) {
                continue;
            }
            String blockId = (String) block.get("block_id");
            Map<String, Object> element = (Map<String, Object>) block.get("element");
            String actionId = (String) element.get("action_id");
            String given = fields.get(blockId);
            unknown.remove(blockId);
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("type", element.get("type"));
            if ("multi_static_select".equals(element.get("type"))) {
                // a multiple choice: the transcript names the options chosen, separated by ';'
                List<Object> chosen = new ArrayList<>();
                for (String part : given == null ? new String[0] : given.split(";")) {
                    String want = part.strip();
                    Map<String, Object> found = null;
                    for (Map<String, Object> option : (List<Map<String, Object>>) element.get("options")) {
                        String text = BlockText.text(option.get("text"));
                        if (want.equals(option.get("value")) || want.equals(text)) {
                            found = option;
                        }
                    }
                    if (found == null && !want.isEmpty()) {
                        throw new IllegalStateException("No option '" + want + "' in field " + blockId);
                    }
                    if (found != null) {
                        chosen.add(found);
                    }
                }
                state.put("selected_options", chosen);
            } else if ("static_select".equals(element.get("type"))) {
                Map<String, Object> chosen = (Map<String, Object>) element.get("initial_option");
                if (given != null) {
                    chosen = null;
                    for (Map<String, Object> option : (List<Map<String, Object>>) element.get("options")) {
                        String text = BlockText.text(option.get("text"));
                        if (given.equals(option.get("value")) || given.equals(text) || text.startsWith(given + " ")) {
                            chosen = option;
                        }
                    }
                    if (chosen == null) {
                        throw new IllegalStateException("No option '" + given + "' in field " + blockId);
                    }
                }
                state.put("selected_option", chosen);
            } else if ("users_select".equals(element.get("type"))) {
                // a person picker: the transcript names the person (bob or @bob)
                Object chosen = given == null ? element.get("initial_user") : picked(given, blockId).stream()
                        .findFirst().orElse(null);
                if (chosen != null) {
                    state.put("selected_user", chosen);
                }
            } else if ("multi_users_select".equals(element.get("type"))) {
                state.put("selected_users", given == null ? List.of() : picked(given, blockId));
            } else {
                state.put("value", given);
            }
            values.put(blockId, Map.of(actionId, state));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("The form has no fields " + unknown);
        }
        Map<String, Object> submitted = new LinkedHashMap<>(view);
        submitted.put("id", modal.ts());
        submitted.put("team_id", team);
        submitted.put("state", Map.of("values", values));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "view_submission");
        payload.put("team", Map.of("id", team, "domain", "baton-test"));
        payload.put("user", Map.of("id", userId(user), "username", user, "team_id", team));
        payload.put("api_app_id", "A0BATON");
        payload.put("token", "legacy");
        payload.put("trigger_id", "trigger-" + (++counter));
        payload.put("view", submitted);
        String response = post(formBody(Map.of("payload", JSON.writeValueAsString(payload))),
                "application/x-www-form-urlencoded", Map.of());
        if (response != null && response.contains("\"errors\"")) {
            Map<String, Object> body = JSON.readValue(response, new TypeReference<Map<String, Object>>() { });
            Map<String, String> errors = new TreeMap<>((Map<String, String>) body.get("errors"));
            List<String> lines = new ArrayList<>();
            errors.forEach((k, v) -> lines.add(k + ": " + v));
            pendingSync.add(new Observed(user, "errors", String.join("\n", lines), List.of(), null, null, null));
        } else {
            lastModal.remove(user);
        }
    }

    /** Everything Baton sent since the last call, in order. */
    @SuppressWarnings("unchecked")
    @Override
    public List<Observed> collect() {
        List<Observed> out = new ArrayList<>(pendingSync);
        // answers in acknowledgements came before anything the outbox sent after them
        pendingSync.forEach(o -> seen.computeIfAbsent(o.target(), k -> new ArrayList<>()).add(o));
        pendingSync = new ArrayList<>();
        List<ServeEvent> events = new ArrayList<>(slack.getAllServeEvents());
        java.util.Collections.reverse(events); // WireMock lists the newest first
        for (ServeEvent event : events) {
            String answer = event.getResponse().getBodyAsString();
            if (event.getResponse().getStatus() >= 400 || (answer != null && answer.contains("\"ok\":false"))) {
                continue; // Slack refused it: nobody saw this message
            }
            LoggedRequest r = event.getRequest();
            String path = URI.create(r.getUrl()).getPath();
            String body = r.getBodyAsString();
            Observed o = null;
            if (path.startsWith("/response/")) {
                o = responseMessage(responseUrlOwner.getOrDefault(path, "?"),
                        JSON.readValue(body, new TypeReference<Map<String, Object>>() { }));
            } else if (path.equals("/api/files.getUploadURLExternal")) {
                uploadName = FormBodies.parse(body).get("filename");
            } else if (path.equals("/api/files.completeUploadExternal")) {
                // an uploaded image or file: shown by its title, as a person sees the file's name in the conversation
                Map<String, String> form = FormBodies.parse(body);
                String channel = form.get("channel_id");
                List<Map<String, Object>> files = JSON.readValue(form.get("files"),
                        new TypeReference<List<Map<String, Object>>>() { });
                String target = channel.startsWith("D") ? nameOf(channel.substring(1)) : "#" + channelName(channel);
                o = new Observed(target, channel.startsWith("D") ? "dm" : "channel",
                        (uploadName != null && uploadName.endsWith(".png") ? "[image: " : "[file: ")
                                + files.get(0).get("title") + "]", List.of(), channel, "file-" + (++counter),
                        null);
            } else if (path.startsWith("/api/chat.") || path.equals("/api/views.open")) {
                Map<String, String> form = FormBodies.parse(body);
                String method = path.substring("/api/".length());
                List<Map<String, Object>> blocks = form.get("blocks") == null ? null
                        : JSON.readValue(form.get("blocks"), new TypeReference<List<Map<String, Object>>>() { });
                String channel = form.get("channel");
                switch (method) {
                    case "chat.postMessage" -> {
                        String target = channel.startsWith("C") ? "#" + channelName(channel) : nameOf(channel);
                        String kind = channel.startsWith("C") ? "channel" : "dm";
                        String dm = channel.startsWith("C") ? channel : dmChannel(channel);
                        // the ts Slack answered, so Baton's later chat.update of this message can be matched
                        Map<String, Object> reply = JSON.readValue(answer, new TypeReference<Map<String, Object>>() { });
                        String ts = reply.get("ts") instanceof String t ? t
                                : "1700000000." + String.format("%06d", ++counter);
                        o = new Observed(target, kind, BlockText.flatten(blocks, form.get("text")), buttons(blocks),
                                dm, ts, null);
                    }
                    case "chat.postEphemeral" -> o = new Observed(nameOf(form.get("user")), "ephemeral",
                            BlockText.flatten(blocks, form.get("text")), buttons(blocks), channel,
                            "ephemeral-" + (++counter), null);
                    case "chat.update" -> {
                        String target = channel.startsWith("D") ? nameOf(channel.substring(1))
                                : "#" + channelName(channel);
                        o = new Observed(target, "update", BlockText.flatten(blocks, form.get("text")),
                                buttons(blocks), channel, form.get("ts"), null);
                    }
                    case "views.open" -> {
                        Map<String, Object> view = JSON.readValue(form.get("view"),
                                new TypeReference<Map<String, Object>>() { });
                        String user = triggerOwner.getOrDefault(form.get("trigger_id"), "?");
                        List<Map<String, Object>> viewBlocks = (List<Map<String, Object>>) view.get("blocks");
                        String text = BlockText.text(view.get("title")) + "\n" + BlockText.flatten(viewBlocks, "")
                                .replaceAll("<@(\\w+)>", "\u0000$1\u0000");
                        for (Map.Entry<String, String> person : names.entrySet()) {
                            text = text.replace("\u0000" + person.getKey() + "\u0000", person.getValue());
                        }
                        // Slack names each opened view; a form sent back with errors keeps its id
                        o = new Observed(user, "modal", text, List.of(), null, "V" + (++counter), view);
                        lastModal.put(user, o);
                    }
                    default -> {
                        // reads such as chat.getPermalink are not messages
                    }
                }
            }
            if (o != null) {
                out.add(o);
                seen.computeIfAbsent(o.target(), k -> new ArrayList<>()).add(o);
            }
        }
        slack.resetRequests();
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> buttons(List<Map<String, Object>> blocks) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (blocks != null) {
            for (Map<String, Object> block : blocks) {
                if ("actions".equals(block.get("type"))) {
                    out.addAll((List<Map<String, Object>>) block.get("elements"));
                }
            }
        }
        return out;
    }

    /** The people a transcript picks in a person picker ("@bob @alice" or "bob alice"), as their user ids. */
    private List<String> picked(String given, String field) {
        List<String> ids = new ArrayList<>();
        for (String name : given.strip().split("[\\s,]+")) {
            if (name.isEmpty()) {
                continue;
            }
            String id = userIds.get(name.startsWith("@") ? name.substring(1) : name);
            if (id == null) {
                throw new IllegalStateException("A person picker offers people, not '" + name + "' (field " + field
                        + ")");
            }
            ids.add(id);
        }
        return ids;
    }

    private String nameOf(String userId) {
        return names.getOrDefault(userId, userId);
    }

    private static String channelName(String channelId) {
        return channelId.substring(1).toLowerCase(Locale.ROOT);
    }

    /** As Slack sends typed text: {@code &}, {@code <}, {@code >} escaped, then "@name" as a mention of that person. */
    private String escapeMentions(String typed) {
        String text = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        Matcher m = MENTION.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String id = userIds.get(m.group(1));
            m.appendReplacement(b, Matcher.quoteReplacement(id == null ? m.group() : "<@" + id + "|" + m.group(1)
                    + ">"));
        }
        m.appendTail(b);
        return b.toString();
    }

    private String post(String body, String contentType, Map<String, String> headers)
            throws IOException, InterruptedException {
        if (socket != null) {
            return overSocket(body, contentType, headers);
        }
        // Slack signs each delivery anew; two requests in the same second must still differ
        long ts = Math.max(System.currentTimeMillis() / 1000, lastTimestamp + 1);
        lastTimestamp = ts;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", contentType)
                .header("X-Slack-Request-Timestamp", String.valueOf(ts))
                .header("X-Slack-Signature", SlackSigner.sign(secret, ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Baton answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * What Slack would have POSTed, as a Socket Mode envelope: an event's body as an {@code events_api} payload (its
     * retry headers as the envelope's retry fields), a click's or form's {@code payload} as an {@code interactive}
     * one, a command's fields as a {@code slash_commands} one. Returns the acknowledgement's payload as the HTTP
     * answer's body would have been.
     */
    private String overSocket(String body, String contentType, Map<String, String> headers) throws IOException,
            InterruptedException {
        String id;
        if (contentType.startsWith("application/json")) {
            int retry = Integer.parseInt(headers.getOrDefault("X-Slack-Retry-Num", "0"));
            id = socket.send("events_api", JSON.readTree(body), retry, headers.get("X-Slack-Retry-Reason"));
        } else {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                form.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            id = form.containsKey("payload") ? socket.send("interactive", JSON.readTree(form.get("payload")))
                    : socket.send("slash_commands", form);
        }
        try {
            tools.jackson.databind.JsonNode payload = socket.ack(id, java.time.Duration.ofSeconds(10));
            return payload.isEmpty() ? "" : JSON.writeValueAsString(payload);
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String formBody(Map<String, String> form) {
        StringBuilder b = new StringBuilder();
        form.forEach((k, v) -> {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return b.toString();
    }
}
