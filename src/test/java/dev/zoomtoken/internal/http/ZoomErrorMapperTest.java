package dev.zoomtoken.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.zoomtoken.model.FieldError;
import dev.zoomtoken.model.ZoomApiException;
import dev.zoomtoken.model.ZoomAuthenticationException;
import dev.zoomtoken.model.ZoomErrorDetails;
import dev.zoomtoken.model.ZoomMissingScopeException;
import dev.zoomtoken.model.ZoomServerException;
import dev.zoomtoken.model.ZoomUserNotFoundException;
import dev.zoomtoken.model.ZoomValidationException;

class ZoomErrorMapperTest {

    private static ZoomApiException map(int status, String body) {
        return ZoomErrorMapper.classify(ZoomErrorMapper.details(status, "track-1", body));
    }

    @Test
    void code1001IsUserNotFound() {
        ZoomApiException e = map(404, "{\"code\":1001,\"message\":\"User does not exist: a@b.com.\"}");

        assertInstanceOf(ZoomUserNotFoundException.class, e);
        assertEquals(404, e.status());
        assertEquals(1001, e.zoomCode().getAsInt());
        assertEquals("User does not exist: a@b.com.", e.zoomMessage().orElseThrow());
    }

    @Test
    void code1010IsUserNotFoundEvenOn400() {
        assertInstanceOf(ZoomUserNotFoundException.class,
                map(400, "{\"code\":1010,\"message\":\"User does not belong to this account.\"}"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "{}", "{\"message\":\"Not Found\"}", "<html><body>404 Not Found</body></html>" })
    void a404WithoutZoomCodeIsAPlainApiException(String body) {
        ZoomApiException e = map(404, body);

        assertEquals(ZoomApiException.class, e.getClass());
        assertEquals(404, e.status());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "{\"code\":124,\"message\":\"Invalid access token.\"}", "<html>Unauthorized</html>",
            "{\"code\":1001}" })
    void a401IsAnAuthenticationFailure(String body) {
        assertInstanceOf(ZoomAuthenticationException.class, map(401, body));
    }

    @Test
    void code124IsAnAuthenticationFailureOn400() {
        ZoomApiException e = map(400, "{\"code\":124,\"message\":\"Invalid access token.\"}");

        assertInstanceOf(ZoomAuthenticationException.class, e);
        assertTrue(e.getMessage().contains("access token"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 401, 403 })
    void code4700IsAMissingScope(int status) {
        ZoomApiException e = map(status,
                "{\"code\":4700,\"message\":\"Invalid access token, does not contain scopes.\"}");

        assertInstanceOf(ZoomMissingScopeException.class, e);
        assertTrue(e.getMessage().contains("user:read:token:admin"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = { 500, 502, 503, 504 })
    void fiveHundredsAreServerErrors(int status) {
        ZoomApiException e = map(status, "<html>Bad Gateway</html>");

        assertInstanceOf(ZoomServerException.class, e);
        assertEquals(status, e.status());
    }

    @Test
    void a400IsAValidationErrorWithFieldErrors() {
        ZoomApiException e = map(400, """
                {"code":300,"message":"Validation Failed.",
                 "errors":[{"field":"ttl","message":"Invalid field."},{"field":"type"},"odd"]}""");

        assertInstanceOf(ZoomValidationException.class, e);
        assertEquals(List.of(new FieldError("ttl", "Invalid field."), new FieldError("type", null),
                new FieldError(null, null)), e.fieldErrors());
        assertTrue(e.getMessage().contains("ttl: Invalid field."), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 404, 422 })
    void code300IsAValidationError(int status) {
        assertInstanceOf(ZoomValidationException.class, map(status, "{\"code\":300,\"message\":\"Bad request\"}"));
    }

    @Test
    void a400WithoutBodyIsAValidationError() {
        assertInstanceOf(ZoomValidationException.class, map(400, ""));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "   ", "null", "[]", "[{\"code\":1001}]", "<html>", "\"just a string\"", "42", "{",
            "{\"code\":\"abc\"}", "{\"code\":1e20}", "{\"code\":null,\"message\":null,\"errors\":{}}" })
    void lenientParsingNeverThrowsAndKeepsStatusAndTrackingId(String body) {
        ZoomErrorDetails details = ZoomErrorMapper.details(418, "track-1", body);

        assertEquals(418, details.status());
        assertEquals("track-1", details.trackingId());
        assertNull(details.zoomCode());
        assertNull(details.zoomMessage());
        assertEquals(List.of(), details.fieldErrors());
        assertEquals(ZoomApiException.class, ZoomErrorMapper.classify(details).getClass());
    }

    @Test
    void hugeMessageIsTruncated() {
        ZoomErrorDetails details = ZoomErrorMapper.details(500, "t", "{\"message\":\"" + "x".repeat(5_000) + "\"}");

        assertEquals("x".repeat(300) + "...", details.zoomMessage());
    }

    @Test
    void messageOf300CharactersIsKept() {
        ZoomErrorDetails details = ZoomErrorMapper.details(500, "t", "{\"message\":\"" + "x".repeat(300) + "\"}");

        assertEquals("x".repeat(300), details.zoomMessage());
    }

    @Test
    void oauthStyleBodyIsRead() {
        ZoomErrorDetails details = ZoomErrorMapper.details(400, null,
                "{\"reason\":\"Invalid client_id or client_secret\",\"error\":\"invalid_client\"}");

        assertEquals("Invalid client_id or client_secret", details.zoomMessage());
        assertEquals("invalid_client", details.oauthError());
        assertNull(details.trackingId());
    }

    @Test
    void messageNamesStatusCodeMessageAndTrackingId() {
        String message = map(404, "{\"code\":1001,\"message\":\"User does not exist: a@b.com.\"}").getMessage();

        assertTrue(message.contains("404"), message);
        assertTrue(message.contains("1001"), message);
        assertTrue(message.contains("User does not exist: a@b.com."), message);
        assertTrue(message.contains("track-1"), message);
    }
}
