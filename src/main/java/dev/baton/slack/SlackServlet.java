package dev.baton.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.jakarta_servlet.SlackAppServletAdapter;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import dev.baton.conversation.Conversation;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * {@code /slack/events}: Bolt's servlet, plus the one thing it cannot do — tell the engine, once a slash command's
 * acknowledgement carrying its answer is written, that the answer went out (or, when writing failed, that the outbox
 * must send it through {@code response_url}).
 */
final class SlackServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(SlackServlet.class);

    private final transient App app;
    private final transient SlackAppServletAdapter adapter;
    private final transient Conversation conversation;

    SlackServlet(App app, Conversation conversation) {
        this.app = app;
        this.adapter = new SlackAppServletAdapter(app.config());
        this.conversation = conversation;
    }

    /** Slack's own rule for a request's age, which Bolt applies only to the past. */
    private static final long MAX_SKEW_SECONDS = 5 * 60;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long received = System.nanoTime();
        if (signedAhead(req.getHeader("X-Slack-Request-Timestamp"))) {
            // a signature dated ahead would stay replayable after the signatures Baton remembers are forgotten
            resp.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        Request<?> slackReq;
        try {
            slackReq = adapter.buildSlackRequest(req);
        } catch (RuntimeException e) {
            // a payload that does not parse (Bolt's parser throws); nothing was verified or changed
            slackReq = null;
        }
        if (slackReq == null) {
            resp.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        slackReq.getContext().getAdditionalValues().put(SlackHandlers.RECEIVED_NANOS, String.valueOf(received));
        Response slackResp;
        try {
            slackResp = app.run(slackReq);
        } catch (Exception e) {
            log.warn("Slack request failed", e);
            resp.setStatus(500);
            return;
        }
        String carried = slackReq.getContext().getAdditionalValues().get(SlackHandlers.CARRIED_ANSWER);
        if (carried == null) {
            adapter.writeResponse(resp, slackResp);
            return;
        }
        boolean written;
        try {
            adapter.writeResponse(resp, slackResp);
            resp.flushBuffer();
            written = true;
        } catch (IOException e) {
            log.info("Could not write a command's answer into its acknowledgement; sending it through response_url: {}",
                    e.getMessage());
            written = false;
        }
        confirm(conversation, Long.parseLong(carried), written);
    }

    private static boolean signedAhead(String timestamp) {
        try {
            return timestamp != null
                    && Long.parseLong(timestamp.strip()) - System.currentTimeMillis() / 1000 > MAX_SKEW_SECONDS;
        } catch (NumberFormatException e) {
            return false; // Bolt refuses it
        }
    }

    /**
     * Tells the engine whether the acknowledgement carrying a held answer went out (over HTTP or Socket Mode). The
     * answer stays held when this fails; when its hold ends the outbox sends it (again, if it was written).
     */
    static void confirm(Conversation conversation, long heldId, boolean written) {
        try {
            if (written) {
                conversation.handedOver(heldId);
            } else {
                conversation.notHandedOver(heldId);
            }
        } catch (DataAccessException e) {
            log.warn("Could not record the fate of an acknowledged answer: {}", e.getMessage());
        }
    }
}
