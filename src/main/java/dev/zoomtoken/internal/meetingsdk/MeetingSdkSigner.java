package dev.zoomtoken.internal.meetingsdk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.zoomtoken.model.MeetingSdkClient;
import dev.zoomtoken.model.MeetingSdkSignature;
import dev.zoomtoken.model.MeetingSdkSignatureRequest;

/**
 * Signs Meeting SDK JWTs with HS256 and the SDK secret, as Zoom's Meeting SDK checks them: header
 * {@code {"alg":"HS256","typ":"JWT"}}; claims {@code appKey} and {@code sdkKey} (the SDK key), {@code mn} and
 * {@code role} for web clients, {@code iat} (now, from the clock), {@code exp} and {@code tokenExp} ({@code iat} plus
 * the lifetime), and {@code video_webrtc_mode} for web clients. Times are JSON integers (seconds).
 */
public final class MeetingSdkSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private static final JsonFactory JSON = new JsonFactory();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = BASE64URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
            .getBytes(StandardCharsets.US_ASCII));

    private final MeetingSdkCredentials credentials;
    private final SecretKeySpec key;
    private final Clock clock;

    public MeetingSdkSigner(MeetingSdkCredentials credentials, Clock clock) {
        if (credentials == null || clock == null) {
            throw new IllegalArgumentException("credentials and clock are required");
        }
        this.credentials = credentials;
        this.key = new SecretKeySpec(credentials.secret().getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.clock = clock;
    }

    /** The SDK key signed into every JWT. */
    public String sdkKey() {
        return credentials.sdkKey();
    }

    /** A JWT for {@code request}, issued now (whole seconds of the clock). */
    public MeetingSdkSignature sign(MeetingSdkSignatureRequest request) {
        Instant issuedAt = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant expiresAt = issuedAt.plus(request.lifetime());
        String signingInput = HEADER + "." + BASE64URL.encodeToString(claims(request, issuedAt, expiresAt));
        String jwt = signingInput + "." + BASE64URL.encodeToString(hmac(signingInput));
        return new MeetingSdkSignature(jwt, credentials.sdkKey(), request.client(), request.meetingNumber(),
                request.role(), issuedAt, expiresAt);
    }

    private byte[] claims(MeetingSdkSignatureRequest request, Instant issuedAt, Instant expiresAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("appKey", credentials.sdkKey());
            json.writeStringField("sdkKey", credentials.sdkKey());
            boolean web = request.client() == MeetingSdkClient.WEB;
            if (web) {
                json.writeStringField("mn", request.meetingNumber());
                json.writeNumberField("role", request.role().code());
            }
            json.writeNumberField("iat", issuedAt.getEpochSecond());
            json.writeNumberField("exp", expiresAt.getEpochSecond());
            json.writeNumberField("tokenExp", expiresAt.getEpochSecond());
            if (web) {
                json.writeNumberField("video_webrtc_mode", request.videoWebrtcMode());
            }
            json.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException("writing to memory failed", impossible);
        }
        return bytes.toByteArray();
    }

    private byte[] hmac(String signingInput) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "MeetingSdkSigner[" + credentials + "]";
    }
}
