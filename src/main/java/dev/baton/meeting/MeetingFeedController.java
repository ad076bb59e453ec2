package dev.baton.meeting;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /meetings/<token>.ics}: a member's meetings for any calendar app to subscribe to. */
@RestController
class MeetingFeedController {

    private static final MediaType CALENDAR = MediaType.parseMediaType("text/calendar;charset=UTF-8");

    private final MeetingFeeds feeds;

    MeetingFeedController(MeetingFeeds feeds) {
        this.feeds = feeds;
    }

    @GetMapping("/meetings/{token}.ics")
    ResponseEntity<String> feed(@PathVariable String token) {
        return feeds.render(token)
                .map(body -> ResponseEntity.ok().contentType(CALENDAR).body(body))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }
}
