package dev.baton.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature;
import dev.baton.support.SlackSigner;
import org.junit.jupiter.api.Test;

class SigningKeyTest {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

    @Test
    void signsAsSlackDoesOverTheBodysUtf8Bytes() {
        SigningKey key = new SigningKey(SECRET);
        String body = "token=x&command=%2Fokr&text=checkin+KR-1+72+信心+7";
        assertThat(key.generate("1531420618", body)).isEqualTo(SlackSigner.sign(SECRET, 1531420618L, body));
        assertThat(key.generate("1531420618", "command=%2Fokr"))
                .isEqualTo(new SlackSignature.Generator(SECRET).generate("1531420618", "command=%2Fokr"));
    }

    @Test
    void eachSignatureStandsAlone() {
        SigningKey key = new SigningKey(SECRET);
        String first = key.generate("1", "a");
        key.generate("2", "something else");
        assertThat(key.generate("1", "a")).isEqualTo(first).startsWith("v0=").hasSize(3 + 64);
        assertThat(key.generate(null, "a")).isNull();
    }
}
