package dev.zoomtoken.model;

/**
 * One entry of the {@code errors} array Zoom adds to validation failures.
 *
 * @param field   the field Zoom names, may be null
 * @param message Zoom's message for it, may be null
 */
public record FieldError(String field, String message) {
}
