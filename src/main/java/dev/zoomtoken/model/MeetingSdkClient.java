package dev.zoomtoken.model;

/**
 * Which Meeting SDK a signature is for. Web clients take a JWT bound to one meeting and role; native SDKs (iOS,
 * Android, desktop, Linux meeting bots) take one without {@code mn}, {@code role} and {@code video_webrtc_mode}.
 */
public enum MeetingSdkClient {
    /** The Web SDK (Client View and Component View). */
    WEB("web"),
    /** The native SDKs: iOS, Android, macOS, Windows, Linux. */
    NATIVE("native");

    private final String wireValue;

    MeetingSdkClient(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The broker's name for the client: {@code web} or {@code native}. */
    public String wireValue() {
        return wireValue;
    }

    /**
     * Parses the broker's name: exactly {@code web} or {@code native} (lower case, nothing folded).
     *
     * @throws InvalidTokenRequestException for any other value
     */
    public static MeetingSdkClient fromWireValue(String value) {
        for (MeetingSdkClient client : values()) {
            if (client.wireValue.equals(value)) {
                return client;
            }
        }
        throw new InvalidTokenRequestException("client", "client must be web or native");
    }
}
