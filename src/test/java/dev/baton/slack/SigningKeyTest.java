package dev.baton.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.builtin.IgnoringSelfEvents;
import com.slack.api.bolt.middleware.builtin.RequestVerification;
import com.slack.api.SlackConfig;
import dev.baton.support.SlackSigner;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void takesThePlaceOfBoltsGeneratorOnlyWhereThereIsASigningSecret() {
        RequestVerification bolts = new RequestVerification(new SlackSignature.Verifier(
                new SlackSignature.Generator("---")));
        IgnoringSelfEvents other = new IgnoringSelfEvents(new SlackConfig(), false);

        List<Middleware> withSecret = SigningKey.inBoltsCheck(new ArrayList<>(List.of(bolts, other)), SECRET);
        assertThat(withSecret).hasSize(2).element(0).isInstanceOf(RequestVerification.class).isNotSameAs(bolts);
        assertThat(withSecret.get(1)).isSameAs(other);

        // Socket Mode only: no secret, and an empty HMAC key cannot be made; Bolt's check stays
        assertThat(SigningKey.inBoltsCheck(new ArrayList<>(List.of(bolts, other)), "")).containsExactly(bolts, other);
        assertThat(SigningKey.inBoltsCheck(new ArrayList<>(List.of(bolts, other)), null)).containsExactly(bolts, other);
    }

    @Test
    void verifiesTheSignatureAndItsAgeAsBoltDoes() {
        SigningKey.Verifier verifier = new SigningKey.Verifier(new SigningKey(SECRET));
        long now = 1_531_420_618_000L;
        String body = "command=%2Fokr&text=checkin";
        String signature = SlackSigner.sign(SECRET, now / 1000, body);
        assertThat(verifier.isValid(String.valueOf(now / 1000), body, signature, now)).isTrue();
        assertThat(verifier.isValid(String.valueOf(now / 1000), body + "x", signature, now)).isFalse();
        assertThat(verifier.isValid(String.valueOf(now / 1000), body, signature.replace("v0=", "v1="), now)).isFalse();
        assertThat(verifier.isValid(String.valueOf(now / 1000), body, signature.substring(0, 40), now)).isFalse();
        assertThat(verifier.isValid(String.valueOf(now / 1000), body, null, now)).isFalse();
        // older than five minutes, or no number at all (one dated ahead SlackServlet refuses first: SlackEndpointTest)
        assertThat(verifier.isValid(String.valueOf(now / 1000), body, signature, now + 301_000)).isFalse();
        assertThat(verifier.isValid("soon", body, signature, now)).isFalse();
        assertThat(verifier.isValid(null, body, signature, now)).isFalse();
    }
}
