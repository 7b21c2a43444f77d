package dev.zoomtoken.internal.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import dev.zoomtoken.InjectZoomMock;
import dev.zoomtoken.ZoomMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Random request targets from hostile alphabets, sent byte for byte: the broker answers 200 only when the user it
 * asked Zoom for is the user segment of the request (decoded), and only for a caller that is that user or an admin;
 * it never answers 5xx and never puts a token in an error. A fixed number of requests; the seed is in every failure
 * message (rerun with {@code -Dfuzz.seed=...}).
 */
@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = CallerKeys.class, restrictToAnnotatedClass = true)
class BrokerEdgeFuzzTest {

    static final int REQUESTS = 400;
    static final String ZAK = "zak-fuzz-51d0.signature";
    static final List<String> USER_PIECES = List.of("kate", "bob", "@", "example.com", ".", "..", ";", "%", "%3B",
            "%3b",
            "%2F", "%2f", "/", "?", "#", "%00", "%0A", "%25", "=", "+", "%40", "%2e", "%2E", "%zz", "-", "_", "me",
            "ME",
            "mE", "K", "k", "\u212A", "%E2%84%AA", "\u00EA", "%C3%AA", "\uFF4B", "\u0131", "\u0001", " ", "\\", "a;b=c",
            "%3Bb=c", "KdYKjnimT4KPd8FFgQt9FQ");
    static final List<String> QUERY_PIECES = List.of("type=zak", "type=onbehalf", "type=token", "type=", "type",
            "TYPE=token", "type=ZAK", "type=ZA%E2%84%AA", "ttl=60", "ttl=0", "ttl=", "ttl=%D9%A1%D9%A2",
            "ttl=%EF%BC%95",
            "meeting_id=81234567890", "meeting_id=", "meeting_id=%D9%A1", "&", ";", "=", "%", "%26", "#x", "x=1",
            "ttl=5;type=zak");

    static final List<String> VALID_USERS = List.of("kate@example.com", "Kate@Example.COM", "kate%40example.com",
            "%6Bate@example.com", "KdYKjnimT4KPd8FFgQt9FQ", "me", "ME", "bob.o'hara+zoom@sub.example.org");
    static final List<String> VALID_QUERIES = List.of("type=zak", "type=zak&ttl=60", "ttl=3600", "type=token",
            "type=onbehalf&meeting_id=81234567890", "meeting_id=81234567890&type=onbehalf&ttl=120");

    @InjectZoomMock
    WireMockServer zoom;

    @Test
    void whateverIsSentTheBrokerActsOnlyForTheUserInThePath() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        zoom.resetAll();
        zoom.stubFor(get(urlPathMatching("/v2/users/.+/token")).willReturn(okJson("{\"token\":\"" + ZAK + "\"}")));
        String admin = CallerKeys.forUpn("ops@example.com", CallerPolicy.ADMIN_GROUP);
        int ok = 0;
        for (int i = 0; i < REQUESTS; i++) {
            String segment = segment(random);
            String query = random.nextInt(3) == 0 ? null : random.nextBoolean()
                    ? VALID_QUERIES.get(random.nextInt(VALID_QUERIES.size()))
                    : pieces(random, QUERY_PIECES, 1 + random.nextInt(3), "&");
            boolean asAdmin = random.nextBoolean();
            String upn = asAdmin ? null : random.nextBoolean() ? decodeOrNull(segment)
                    : pieces(random, USER_PIECES, 3, "");
            String target = BrokerEdgeTest.USERS + segment + "/token" + (query == null ? "" : "?" + query);
            String context = "seed=" + seed + " request=" + i + " target=" + target + " upn=" + upn;
            zoom.resetRequests();

            RawHttp.Reply reply = RawHttp.get(utf8Bytes(target),
                    asAdmin ? admin : CallerKeys.forUpn(upn == null ? "x" : upn));

            List<ServeEvent> calls = zoom.getAllServeEvents();
            assertTrue(reply.status() < 500, context + " -> " + reply);
            if (reply.status() != 200) {
                assertEquals(0, calls.size(), context + " -> " + reply + " but Zoom was called");
                assertFalse(reply.body().contains(ZAK), context + " -> " + reply);
                continue;
            }
            ok++;
            assertEquals(1, calls.size(), context);
            String url = calls.get(0).getRequest().getUrl();
            String sentUser = decodeOrNull(url.substring("/v2/users/".length(), url.indexOf("/token")));
            String askedUser = decodeOrNull(segment);
            assertTrue(askedUser != null && (askedUser.equals(sentUser)
                    || (askedUser.equalsIgnoreCase("me") && "me".equals(sentUser))), context + " sent to Zoom: " + url);
            if (!asAdmin) {
                assertTrue(upn != null && upn.chars().allMatch(c -> c < 128) && upn.equalsIgnoreCase(sentUser)
                        && !sentUser.equalsIgnoreCase("me"), context + " got the token of " + sentUser);
            }
        }
        System.out.printf("BrokerEdgeFuzzTest: seed=%d, %d requests, %d answered 200%n", seed, REQUESTS, ok);
        assertTrue(ok >= 10, "seed=" + seed + ": only " + ok + " requests were valid; the property was hardly tried");
    }

    /** Half the time a valid user, perhaps with one hostile piece put in; else pieces of the hostile alphabet. */
    private static String segment(Random random) {
        if (random.nextBoolean()) {
            return pieces(random, USER_PIECES, 1 + random.nextInt(5), "");
        }
        String user = VALID_USERS.get(random.nextInt(VALID_USERS.size()));
        if (random.nextBoolean()) {
            return user;
        }
        int at = random.nextInt(user.length() + 1);
        return user.substring(0, at) + USER_PIECES.get(random.nextInt(USER_PIECES.size())) + user.substring(at);
    }

    private static String pieces(Random random, List<String> alphabet, int count, String separator) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : random.nextInt(4) == 0 ? "" : separator)
                    .append(alphabet.get(random.nextInt(alphabet.size())));
        }
        return text.toString();
    }

    /** The request target as UTF-8 bytes in a string of ISO-8859-1 chars, as {@link RawHttp} sends them. */
    private static String utf8Bytes(String target) {
        return new String(target.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** Percent-decodes as UTF-8, or null when the text has a bad escape; the test's own decoder, not the broker's. */
    private static String decodeOrNull(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] utf8 = raw.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == '%') {
                if (i + 2 >= utf8.length) {
                    return null;
                }
                int high = Character.digit(utf8[i + 1], 16);
                int low = Character.digit(utf8[i + 2], 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.write(utf8[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
