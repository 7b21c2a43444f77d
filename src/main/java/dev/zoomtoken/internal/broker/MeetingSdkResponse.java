package dev.zoomtoken.internal.broker;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.zoomtoken.model.MeetingSdkSignIn;
import dev.zoomtoken.model.MeetingSdkSignature;
import dev.zoomtoken.model.Secrets;
import dev.zoomtoken.model.TokenType;
import dev.zoomtoken.model.UserToken;

/**
 * The Meeting SDK route's 200 body. Its names map one to one onto the Web SDK's
 * {@code client.join({signature, meetingNumber, zak, obfToken})}.
 *
 * @param signature     the Meeting SDK JWT
 * @param sdkKey        the SDK key signed into it
 * @param meetingNumber the meeting number, when the request named one
 * @param role          1 host, 0 participant; web clients only
 * @param expiresAt     the JWT's {@code exp}
 * @param zak           the host's ZAK, when {@code user_token} was {@code zak}
 * @param obfToken      the OBF token, when {@code user_token} was {@code onbehalf}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "signature", "sdk_key", "meeting_number", "role", "expires_at", "zak", "obf_token" })
@Schema(name = "MeetingSdkSignIn")
// @formatter:off
public record MeetingSdkResponse(
        @Schema(required = true, description = "The Meeting SDK JWT (HS256): join's signature")
        @JsonProperty("signature") String signature,
        @Schema(required = true, description = "The SDK key (the app's client id) signed into the JWT")
        @JsonProperty("sdk_key") String sdkKey,
        @Schema(description = "The meeting number, when the request named one: join's meetingNumber",
                pattern = "^[0-9]{1,20}$") @JsonProperty("meeting_number") String meetingNumber,
        @Schema(description = "1 host, 0 participant, as signed; web clients only", minimum = "0", maximum = "1")
        @JsonProperty("role") Integer role,
        @Schema(required = true, description = "The JWT's exp (UTC)", format = "date-time")
        @JsonProperty("expires_at") Instant expiresAt,
        @Schema(description = "The host's ZAK, when user_token was zak: join's zak")
        @JsonProperty("zak") String zak,
        @Schema(description = "The OBF token, when user_token was onbehalf: join's obfToken; single use")
        @JsonProperty("obf_token") String obfToken) {
// @formatter:on

    /** The body for {@code signIn}, echoing {@code meetingNumber} as the request named it. */
    static MeetingSdkResponse of(MeetingSdkSignIn signIn, String meetingNumber) {
        MeetingSdkSignature signature = signIn.signature();
        UserToken token = signIn.userToken();
        return new MeetingSdkResponse(signature.value(), signature.sdkKey(), meetingNumber,
                signature.role() == null ? null : signature.role().code(), signature.expiresAt(),
                token != null && token.type() == TokenType.ZAK ? token.value() : null,
                token != null && token.type() == TokenType.ONBEHALF ? token.value() : null);
    }

    @Override
    public String toString() {
        return "MeetingSdkResponse[signature=" + Secrets.mask(signature) + ", sdkKey=" + sdkKey + ", meetingNumber="
                + meetingNumber + ", role=" + role + ", expiresAt=" + expiresAt + ", zak=" + mask(zak)
                + ", obfToken=" + mask(obfToken) + "]";
    }

    private static String mask(String token) {
        return token == null ? null : Secrets.mask(token);
    }
}
