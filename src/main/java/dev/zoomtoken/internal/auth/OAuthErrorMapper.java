package dev.zoomtoken.internal.auth;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import dev.zoomtoken.internal.http.ZoomErrorMapper;
import dev.zoomtoken.model.ZoomErrorDetails;
import dev.zoomtoken.model.ZoomOAuthException;
import dev.zoomtoken.model.ZoomUserTokenException;

/**
 * Maps token-endpoint errors. 5xx and 429 become the same exceptions as for API calls (so they are retried the same
 * way); any other refusal becomes a {@link ZoomOAuthException} that says what to fix.
 */
public class OAuthErrorMapper implements ResponseExceptionMapper<ZoomUserTokenException> {

    private static final ZoomErrorMapper API_ERRORS = new ZoomErrorMapper();

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    @Override
    public ZoomUserTokenException toThrowable(Response response) {
        if (response.getStatus() >= 500 || response.getStatus() == 429) {
            return API_ERRORS.toThrowable(response);
        }
        ZoomErrorDetails details = ZoomErrorMapper.details(response.getStatus(),
                response.getHeaderString(ZoomErrorMapper.TRACKING_ID_HEADER), ZoomErrorMapper.body(response));
        return new ZoomOAuthException(details, hint(details));
    }

    static String hint(ZoomErrorDetails details) {
        Integer code = details.zoomCode();
        if (code != null) {
            switch (code) {
                case 4702, 4704:
                    return WRONG_CLIENT;
                case 4705:
                    return "The app does not allow grant type account_credentials: use a Server-to-Server OAuth app";
                case 4706:
                    return "Zoom received no client id, secret or grant type: set ZOOM_CLIENT_ID and "
                            + "ZOOM_CLIENT_SECRET";
                case 4711:
                    return "The app's scopes do not match: check its scopes in the Zoom App Marketplace "
                            + "(user:read:token:admin) and activate it again";
                case 4717:
                    return "The Zoom app is disabled: activate it in the Zoom App Marketplace";
                case 4700:
                    return "Check that the app has the scope user:read:token:admin (or user:read:admin) and is "
                            + "activated";
                default:
                    break;
            }
        }
        if ("invalid_client".equals(details.oauthError()) || details.status() == 401) {
            return WRONG_CLIENT;
        }
        return "Check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET against the app's credentials in the "
                + "Zoom App Marketplace";
    }

    private static final String WRONG_CLIENT = "Zoom does not accept the client id and secret: check ZOOM_CLIENT_ID "
            + "and ZOOM_CLIENT_SECRET against the Server-to-Server OAuth app";
}
