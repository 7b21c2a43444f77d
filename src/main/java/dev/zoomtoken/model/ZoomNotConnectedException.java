package dev.zoomtoken.model;

/** The caller has no connection to a Zoom user: nobody authorized the app for it, or the connection was removed. */
public class ZoomNotConnectedException extends ZoomUserTokenException {

    public ZoomNotConnectedException() {
        super("No Zoom user is connected for this caller: authorize the app first");
    }

    @Override
    public Failure failure() {
        return Failure.NOT_CONNECTED;
    }
}
