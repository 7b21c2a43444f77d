package dev.zoomtoken.model;

/**
 * Zoom answered 200 with {@code "token": null}. Zoom documents this for the SDK token ({@code type=token}) of users
 * who sign in with Google or Facebook. A normal outcome for such users, not a transport error; not retried.
 */
public class ZoomNullTokenException extends ZoomUserTokenException {

    private final TokenType type;
    private final String trackingId;

    public ZoomNullTokenException(TokenType type, String trackingId) {
        super("Zoom issued no token of type " + type.wireValue()
                + " for this user (\"token\": null). Zoom does this for users "
                + "who sign in with Google or Facebook" + (type == TokenType.TOKEN ? "; request a ZAK instead" : "")
                + (trackingId == null ? "" : " (tracking id " + trackingId + ")"));
        this.type = type;
        this.trackingId = trackingId;
    }

    public TokenType type() {
        return type;
    }

    public String trackingId() {
        return trackingId;
    }

    @Override
    public Failure failure() {
        return Failure.NO_TOKEN;
    }
}
