package dev.zoomtoken.internal.connection;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.zoomtoken.model.ZoomWebhookRejectedException;

/** Zoom's webhook signature against vectors computed independently (Python's hmac), and every way to fail it. */
class WebhookSignatureTest {

    private static final byte[] BODY = "{\"event\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    /** HMAC-SHA256("secret-token", "v0:1700000000:{\"event\":\"x\"}"), hex. */
    private static final String SIGNED = "v0=005c405bb2b044a0c5432507c266016af68d72aa8629ea0356370289abd3aa14";

    private static WebhookSignature at(long epochSeconds) {
        return new WebhookSignature("secret-token", Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC));
    }

    @Test
    void zoomsSignatureVerifiesUpToFiveMinutesOldAndThirtySecondsAhead() {
        assertDoesNotThrow(() -> at(1_700_000_000L).verify(SIGNED, "1700000000", BODY));
        assertDoesNotThrow(() -> at(1_700_000_300L).verify(SIGNED, "1700000000", BODY));
        assertDoesNotThrow(() -> at(1_699_999_970L).verify(SIGNED, "1700000000", BODY));
        assertEquals(SIGNED, at(0).sign("1700000000", BODY));
    }

    @Test
    void aTimestampInTheFutureOrOfAnotherFormIsRejectedAndNoneOverflows() {
        assertThrows(ZoomWebhookRejectedException.class, () -> at(1_699_999_969L).verify(SIGNED, "1700000000", BODY));
        assertThrows(ZoomWebhookRejectedException.class, () -> at(1_699_999_800L).verify(SIGNED, "1700000000", BODY));
        WebhookSignature now = at(1_700_000_000L);
        // Zoom signs the header as sent: another spelling of the same second is another message.
        for (String spelling : new String[]{ "01700000000", "+1700000000", " 1700000000", "1700000000 ",
                "1700000000.0", "1.7e9" }) {
            assertThrows(ZoomWebhookRejectedException.class, () -> now.verify(SIGNED, spelling, BODY), spelling);
        }
        // now - 2^63 and other numbers whose difference from now overflows a long
        for (String extreme : new String[]{ Long.toString(1_700_000_000L - Long.MAX_VALUE - 1),
                Long.toString(Long.MAX_VALUE), "99999999999999999999", "-1" }) {
            String signature = now.sign(extreme, BODY);
            assertThrows(ZoomWebhookRejectedException.class, () -> now.verify(signature, extreme, BODY), extreme);
        }
    }

    @Test
    void anythingElseIsRejectedWithoutSayingWhatWasExpected() {
        WebhookSignature now = at(1_700_000_000L);
        assertThrows(ZoomWebhookRejectedException.class, () -> at(1_700_000_301L).verify(SIGNED, "1700000000", BODY));
        assertThrows(ZoomWebhookRejectedException.class, () -> at(1_699_999_699L).verify(SIGNED, "1700000000", BODY));
        assertThrows(ZoomWebhookRejectedException.class,
                () -> now.verify(SIGNED, "1700000000", "{\"event\":\"y\"}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(ZoomWebhookRejectedException.class, () -> now.verify(SIGNED.toUpperCase(), "1700000000", BODY));
        assertThrows(ZoomWebhookRejectedException.class, () -> now.verify(SIGNED, "1700000001", BODY));
        assertThrows(ZoomWebhookRejectedException.class, () -> now.verify(null, "1700000000", BODY));
        assertThrows(ZoomWebhookRejectedException.class, () -> now.verify(SIGNED, null, BODY));
        assertThrows(ZoomWebhookRejectedException.class, () -> now.verify(SIGNED, "yesterday", BODY));
        ZoomWebhookRejectedException wrongSecret = assertThrows(ZoomWebhookRejectedException.class,
                () -> new WebhookSignature("another-secret", Clock.fixed(Instant.ofEpochSecond(1_700_000_000L),
                        ZoneOffset.UTC)).verify(SIGNED, "1700000000", BODY));
        assertFalse(wrongSecret.getMessage().contains("005c405b"), wrongSecret.getMessage());
    }

    @Test
    void urlValidationEncryptsThePlainToken() {
        // HMAC-SHA256("secret-token", "plain-123"), hex
        assertEquals("4ac4a02283dd1286c300df6436707e7067dbadee81d55aafe6f40879b0e82a32", at(0).encrypt("plain-123"));
        assertFalse(at(0).toString().contains("secret-token"));
    }
}
