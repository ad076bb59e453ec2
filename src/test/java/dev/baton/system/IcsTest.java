package dev.baton.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** #30 item 19: calendar lines are folded at 75 octets (RFC 5545 §3.1), never inside a character. */
class IcsTest {

    @Test
    void longLinesAreFoldedAt75OctetsBetweenCharactersAndUnfoldBackToTheOriginal() {
        String summary = "SUMMARY:春季新品发布会预热 · WeChat 推文 🎉 " + "很长的标题".repeat(12);
        String ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n" + summary + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

        String folded = Ics.fold(ics);

        assertThat(Arrays.stream(folded.split("\r\n"))).allSatisfy(line ->
                assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75));
        assertThat(folded).doesNotContain("\uFFFD");
        // unfolding (RFC 5545: remove CRLF followed by one space) gives the text back, emoji and all
        assertThat(folded.replace("\r\n ", "")).isEqualTo(ics);
        assertThat(Ics.fold("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")).isEqualTo("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
    }
}
