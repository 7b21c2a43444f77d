package dev.zoomtoken.model;

/**
 * How secrets are shown wherever a value must appear in text: never the value, only that it is there and its length.
 */
public final class Secrets {

    private Secrets() {
    }

    /** {@code "****(120 chars)"} for a non-null value, {@code "null"} for null. */
    public static String mask(String secret) {
        return secret == null ? "null" : "****(" + secret.length() + " chars)";
    }
}
