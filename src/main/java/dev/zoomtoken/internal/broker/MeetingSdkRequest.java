package dev.zoomtoken.internal.broker;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.zoomtoken.model.InvalidTokenRequestException;
import dev.zoomtoken.model.MeetingSdkClient;
import dev.zoomtoken.model.MeetingSdkRole;
import dev.zoomtoken.model.MeetingSdkSignatureRequest;
import dev.zoomtoken.model.Principals;
import dev.zoomtoken.model.TokenType;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomUserIds;

/**
 * The body of {@code POST /api/v1/meeting-sdk/signature}, read strictly: a JSON object with only the fields below,
 * each at most once and of its JSON type (no conversion: {@code "7200"} is not an integer, {@code null} is not a
 * string). Every refusal, of the JSON or of a rule between fields, is an {@link InvalidTokenRequestException} naming
 * the body's field. The rules that are not the HTTP API's own (meeting number, lifetime, roles per client) are the
 * model's ({@link MeetingSdkSignatureRequest}, {@link UserTokenRequest}), reported under the body's names.
 */
@Schema(name = "MeetingSdkSignatureRequest", additionalProperties = Schema.False.class,
        description = "Any other field, a field of another JSON type, or a body that is not one JSON object is refused "
                + "with 400 invalid-request naming the field")
// @formatter:off
public record MeetingSdkRequest(
        @Schema(description = "The meeting number; required for client web and for user_token onbehalf",
                pattern = "^" + UserTokenRequest.MEETING_ID_REGEX + "$", example = "81234567890")
        @JsonProperty("meeting_number") String meetingNumber,
        @Schema(description = "Signed as role 1 (host) or 0 (participant); required for web, refused for native",
                enumeration = { "host", "participant" }) @JsonProperty("role") String role,
        @Schema(description = "native leaves mn, role and video_webrtc_mode out of the JWT",
                enumeration = { "web", "native" }, defaultValue = "web") @JsonProperty("client") String client,
        @Schema(description = "The user token to return with the signature; default zak for a host, none otherwise. "
                + "A host requires zak", enumeration = { "zak", "onbehalf", "none" })
        @JsonProperty("user_token") String userToken,
        @Schema(description = "Where the user token comes from: the account's credentials or a connected user's; "
                + "onbehalf requires connection", enumeration = { "account", "connection" }, defaultValue = "account")
        @JsonProperty("from") String from,
        @Schema(description = "from account only: whose ZAK, a Zoom user id or email; default the caller's principal. "
                + "Only the caller's own user, unless the caller is in zoom-token-admin (who may also use 'me')",
                minLength = 1, maxLength = ZoomUserIds.MAX_EMAIL_LENGTH, pattern = ZoomUserIds.PATTERN)
        @JsonProperty("user") String user,
        @Schema(description = "from connection only: whose connection; default the caller. Another principal: "
                + "zoom-token-admin only", minLength = 1, maxLength = Principals.MAX_LENGTH)
        @JsonProperty("principal") String principal,
        @Schema(type = SchemaType.INTEGER, description = "exp - iat of the JWT in seconds",
                minimum = "" + MeetingSdkSignatureRequest.MIN_LIFETIME_SECONDS,
                maximum = "" + MeetingSdkSignatureRequest.MAX_LIFETIME_SECONDS,
                defaultValue = "" + MeetingSdkSignatureRequest.DEFAULT_LIFETIME_SECONDS)
        @JsonProperty("expires_in") Long expiresIn,
        @Schema(type = SchemaType.INTEGER, description = "The JWT's video_webrtc_mode; web only", minimum = "0",
                maximum = "1", defaultValue = "0") @JsonProperty("video_webrtc_mode") Integer videoWebrtcMode) {
// @formatter:on

    /** {@code user_token} asking for no user token. */
    static final String NONE = "none";
    static final String ACCOUNT = "account";
    static final String CONNECTION = "connection";
    private static final Set<String> STRING_FIELDS = Set.of("meeting_number", "role", "client", "user_token", "from",
            "user", "principal");
    private static final Set<String> INTEGER_FIELDS = Set.of("expires_in", "video_webrtc_mode");
    /** The model's field names and the body's. */
    private static final Map<String, String> BODY_FIELD = Map.of("meetingNumber", "meeting_number", "meetingId",
            "meeting_number", "lifetime", "expires_in", "videoWebrtcMode", "video_webrtc_mode", "userId", "user",
            "type", "user_token", "role", "role", "client", "client");

    /**
     * Reads and checks {@code body}.
     *
     * @throws InvalidTokenRequestException naming the field at fault, {@code body} when it is not one JSON object
     */
    static MeetingSdkRequest read(byte[] body) {
        JsonBody json = JsonBody.of(body, STRING_FIELDS, INTEGER_FIELDS);
        return new MeetingSdkRequest(json.text("meeting_number").orElse(null), json.text("role").orElse(null),
                json.text("client").orElse(null), json.text("user_token").orElse(null),
                json.text("from").orElse(null), json.text("user").orElse(null), json.text("principal").orElse(null),
                json.integer("expires_in").map(Integer::longValue).orElse(null),
                json.integer("video_webrtc_mode").orElse(null)).checked();
    }

    /** The cross-field rules of the HTTP API, and the model's rules of the signature. */
    private MeetingSdkRequest checked() {
        TokenType token = userTokenType();
        if (role != null && MeetingSdkRole.fromWireValue(role) == MeetingSdkRole.HOST && token != TokenType.ZAK) {
            throw new InvalidTokenRequestException("user_token", "a host starts the meeting with user_token zak");
        }
        if (from != null && !from.equals(ACCOUNT) && !from.equals(CONNECTION)) {
            throw new InvalidTokenRequestException("from", "from must be account or connection");
        }
        if (token == null) {
            refusedWithoutUserToken("from", from);
            refusedWithoutUserToken("user", user);
            refusedWithoutUserToken("principal", principal);
        }
        if (token == TokenType.ONBEHALF && !fromConnection()) {
            throw new InvalidTokenRequestException("from", "user_token onbehalf requires from connection");
        }
        if (fromConnection() && user != null) {
            throw new InvalidTokenRequestException("user", "user is for from account; use principal for a connection");
        }
        if (!fromConnection() && principal != null) {
            throw new InvalidTokenRequestException("principal", "principal is for from connection");
        }
        if (principal != null) {
            Principals.check(principal);
        }
        if (token == TokenType.ONBEHALF && meetingNumber == null) {
            throw new InvalidTokenRequestException("meeting_number", "meeting_number is required for onbehalf");
        }
        signatureRequest();
        return this;
    }

    private static void refusedWithoutUserToken(String field, String value) {
        if (value != null) {
            throw new InvalidTokenRequestException(field, field + " is only for user_token zak or onbehalf");
        }
    }

    /** The signature to sign: {@code mn}, {@code role} and {@code video_webrtc_mode} for web clients only. */
    MeetingSdkSignatureRequest signatureRequest() {
        return bodyNames(() -> {
            MeetingSdkClient sdk = client == null ? MeetingSdkClient.WEB : MeetingSdkClient.fromWireValue(client);
            if (sdk == MeetingSdkClient.NATIVE && meetingNumber != null) {
                MeetingSdkSignatureRequest.checkMeetingNumber(meetingNumber);
            }
            return new MeetingSdkSignatureRequest(sdk, sdk == MeetingSdkClient.WEB ? meetingNumber : null,
                    role == null ? null : MeetingSdkRole.fromWireValue(role),
                    expiresIn == null ? null : Duration.ofSeconds(expiresIn), videoWebrtcMode);
        });
    }

    /** The user token asked for; null for {@code none}. */
    TokenType userTokenType() {
        if (userToken == null) {
            return role != null && role.equals(MeetingSdkRole.HOST.wireValue()) ? TokenType.ZAK : null;
        }
        return switch (userToken) {
            case "zak" -> TokenType.ZAK;
            case "onbehalf" -> TokenType.ONBEHALF;
            case NONE -> null;
            default -> throw new InvalidTokenRequestException("user_token", "user_token must be zak, onbehalf or none");
        };
    }

    /** Whether the user token comes from a connection rather than the account's credentials. */
    boolean fromConnection() {
        return CONNECTION.equals(from);
    }

    /** The request for the user token of {@code userId} ({@code me} for a connection's); {@code type} not null. */
    UserTokenRequest userTokenRequest(String userId, TokenType type) {
        return bodyNames(() -> new UserTokenRequest(userId, type, null,
                type == TokenType.ONBEHALF ? meetingNumber : null));
    }

    private static <T> T bodyNames(Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidTokenRequestException invalid) {
            String field = BODY_FIELD.getOrDefault(invalid.field(), invalid.field());
            throw field.equals(invalid.field()) ? invalid : new InvalidTokenRequestException(field,
                    invalid.getMessage().replace(invalid.field(), field));
        }
    }
}
