package dev.zoomtoken.model;

/** No Zoom credentials are configured, so no call was made. The message names the variables to set. */
public class ZoomNotConfiguredException extends ZoomUserTokenException {

    public ZoomNotConfiguredException(String message) {
        super(message);
    }

    @Override
    public Failure failure() {
        return Failure.NOT_CONFIGURED;
    }
}
