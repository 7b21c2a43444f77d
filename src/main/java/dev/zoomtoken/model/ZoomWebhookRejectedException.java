package dev.zoomtoken.model;

/**
 * A call to the webhook endpoint that does not prove it comes from Zoom: a missing or wrong {@code x-zm-signature},
 * or a timestamp more than five minutes away. Nothing was changed.
 */
public class ZoomWebhookRejectedException extends ZoomUserTokenException {

    public ZoomWebhookRejectedException(String message) {
        super(message);
    }

    @Override
    public Failure failure() {
        return Failure.WEBHOOK_REJECTED;
    }
}
