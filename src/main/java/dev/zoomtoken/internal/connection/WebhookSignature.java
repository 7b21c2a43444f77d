package dev.zoomtoken.internal.connection;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.zoomtoken.model.ZoomWebhookRejectedException;

/**
 * Zoom's webhook signature: {@code x-zm-signature: v0=<hex HMAC-SHA256(secret token, "v0:" + x-zm-request-timestamp
 * + ":" + raw body)>}, compared in constant time, with the timestamp (epoch seconds, ASCII digits) at most
 * {@link #TOLERANCE} old and at most {@link #FUTURE_SKEW} ahead. The bounds compare without subtracting the
 * sender's number, so no timestamp can overflow them.
 * Also answers URL validation: {@code encryptedToken = hex HMAC-SHA256(secret token, plainToken)}.
 */
public final class WebhookSignature {

    /** How old the request timestamp may be. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    /** How far ahead of this clock the request timestamp may be: clock skew, not a way to sign for the future. */
    public static final Duration FUTURE_SKEW = Duration.ofSeconds(30);
    /** Epoch seconds as Zoom sends them: ASCII digits, no sign, no spaces. */
    private static final Pattern EPOCH_SECONDS = Pattern.compile("[0-9]{1,12}");

    private final byte[] secret;
    private final Clock clock;

    public WebhookSignature(String secretToken, Clock clock) {
        this.secret = secretToken.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /**
     * Checks that {@code body} was signed by Zoom at {@code timestamp}.
     *
     * @return when Zoom signed it (whole seconds)
     * @throws ZoomWebhookRejectedException when it was not, saying why (never the expected signature)
     */
    public Instant verify(String signature, String timestamp, byte[] body) {
        if (signature == null || timestamp == null) {
            throw new ZoomWebhookRejectedException("x-zm-signature and x-zm-request-timestamp are required");
        }
        if (!EPOCH_SECONDS.matcher(timestamp).matches()) {
            throw new ZoomWebhookRejectedException("x-zm-request-timestamp is not epoch seconds");
        }
        long seconds = Long.parseLong(timestamp);
        long now = clock.instant().getEpochSecond();
        if (seconds < now - TOLERANCE.toSeconds()) {
            throw new ZoomWebhookRejectedException("x-zm-request-timestamp is more than " + TOLERANCE.toMinutes()
                    + " minutes old");
        }
        if (seconds > now + FUTURE_SKEW.toSeconds()) {
            throw new ZoomWebhookRejectedException("x-zm-request-timestamp is in the future");
        }
        byte[] expected = sign(timestamp, body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.US_ASCII))) {
            throw new ZoomWebhookRejectedException("x-zm-signature does not match the body");
        }
        return Instant.ofEpochSecond(seconds);
    }

    /** The {@code encryptedToken} of a URL validation for {@code plainToken}. */
    public String encrypt(String plainToken) {
        return hmacHex(plainToken.getBytes(StandardCharsets.UTF_8));
    }

    /** A signature for {@code body} at {@code timestamp}, as Zoom computes it (for tools and tests). */
    public String sign(String timestamp, byte[] body) {
        return "v0=" + hmacHex(concat(("v0:" + timestamp + ":").getBytes(StandardCharsets.US_ASCII), body));
    }

    @Override
    public String toString() {
        return "WebhookSignature[secretToken=<hidden>]";
    }

    private String hmacHex(byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
