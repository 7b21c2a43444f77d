package dev.zoomtoken.model;

/** The {@code role} a Meeting SDK web client joins with, as signed into its JWT. */
public enum MeetingSdkRole {
    /** Joins as a participant: {@code role} 0. */
    PARTICIPANT("participant", 0),
    /** Starts the meeting as its host: {@code role} 1; needs the host's ZAK at join time. */
    HOST("host", 1);

    private final String wireValue;
    private final int code;

    MeetingSdkRole(String wireValue, int code) {
        this.wireValue = wireValue;
        this.code = code;
    }

    /** The broker's name for the role: {@code host} or {@code participant}. */
    public String wireValue() {
        return wireValue;
    }

    /** The value of the JWT's {@code role} claim: 1 for the host, 0 for a participant. */
    public int code() {
        return code;
    }

    /**
     * Parses the broker's name: exactly {@code host} or {@code participant} (lower case, nothing folded).
     *
     * @throws InvalidTokenRequestException for any other value
     */
    public static MeetingSdkRole fromWireValue(String value) {
        for (MeetingSdkRole role : values()) {
            if (role.wireValue.equals(value)) {
                return role;
            }
        }
        throw new InvalidTokenRequestException("role", "role must be host or participant");
    }
}
