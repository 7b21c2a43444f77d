package dev.zoomtoken;

import java.time.Duration;

import dev.zoomtoken.model.ZoomTimeoutException;
import io.smallrye.mutiny.Uni;

/** The one bound on a whole token request, retries and access-token fetch included ({@code zoom.request-deadline}). */
final class RequestDeadline {

    private final Duration deadline;

    RequestDeadline(Duration deadline) {
        this.deadline = deadline;
    }

    /** {@code call}, failing with {@link ZoomTimeoutException} when it has no result within the deadline. */
    <T> Uni<T> bound(Uni<T> call) {
        return call.ifNoItem().after(deadline).failWith(() -> new ZoomTimeoutException(
                "No token from Zoom within the deadline of " + deadline.toMillis() + " ms (zoom.request-deadline)",
                null));
    }
}
