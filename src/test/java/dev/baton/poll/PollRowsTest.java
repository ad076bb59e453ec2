package dev.baton.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.BatonTestSupport;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The hand-mapped read of a click's poll reads exactly what the repository wrote and reads, field for field. */
class PollRowsTest extends BatonTestSupport {

    @Autowired
    private PollRows rows;

    @Autowired
    private Polls polls;

    @BeforeEach
    void clean() {
        resetWorld();
    }

    @Test
    void handMappedPollEqualsTheRepositorysPoll() {
        long creator = 42;
        // times with milliseconds, a question beyond ASCII, an option someone added, a closing time
        clock.set(clock.instant().plusMillis(123));
        Poll first = polls.save(Poll.open("slack:" + TEAM, "C1", creator, "下周培训主题？ & \"quotes\"",
                List.of("谈判", "Pricing", "Short video"), new Poll.Settings(Poll.Kind.CHOICE, true, false, true, true,
                        3, clock.instant().plusSeconds(3600), null), Locale.SIMPLIFIED_CHINESE,
                ZoneId.of("Asia/Shanghai"), clock.instant()));
        first.add("Negotiation, again", creator);
        first = polls.save(first);
        // a closed anonymous follow-up with no options (a score) and a final count
        Poll second = Poll.open("slack:" + TEAM, "C2", creator, "How likely?", List.of(),
                new Poll.Settings(Poll.Kind.NPS, false, true, false, false, 5, null, first.id()), Locale.ENGLISH,
                ZoneId.of("UTC"), clock.instant());
        second.close(clock.instant().plusMillis(456), 7);
        second = polls.save(second);

        for (long id : List.of(first.id(), second.id())) {
            Poll viaRows = rows.byId(id).orElseThrow();
            assertThat(viaRows).usingRecursiveComparison().isEqualTo(polls.findById(id).orElseThrow());
        }
        assertThat(rows.byId(first.id()).orElseThrow().options()).extracting(PollOption::label)
                .containsExactly("谈判", "Pricing", "Short video", "Negotiation, again");
        assertThat(rows.byId(second.id()).orElseThrow().options()).isEmpty();
        assertThat(rows.byId(second.id() + 100)).isEmpty();

        // saved through the repository after being read by hand: the version carries over
        Poll read = rows.byId(first.id()).orElseThrow();
        read.close(clock.instant(), 0);
        polls.save(read);
        assertThat(polls.findById(first.id()).orElseThrow().open()).isFalse();
    }
}
