package dev.zoomtoken.internal.connection;

/** Whether a connection can mint tokens, as stored and as the API shows it. */
public enum ConnectionStatus {
    /** Its refresh token worked last time it was used. */
    ACTIVE("active"),
    /** Zoom refused its refresh token; the user has to authorize the app again. */
    REAUTHORIZATION_REQUIRED("reauthorization_required");

    private final String value;

    ConnectionStatus(String value) {
        this.value = value;
    }

    /** The stored and shown name. */
    public String value() {
        return value;
    }

    static ConnectionStatus of(String value) {
        for (ConnectionStatus status : values()) {
            if (status.value.equals(value)) {
                return status;
            }
        }
        throw new IllegalStateException("Unknown connection status in the database: " + value);
    }
}
