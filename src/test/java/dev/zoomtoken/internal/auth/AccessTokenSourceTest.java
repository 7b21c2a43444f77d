package dev.zoomtoken.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.zoomtoken.internal.auth.AccessTokenSource.Mode;
import dev.zoomtoken.internal.config.ZoomConfig;

/** Which credentials select which mode, and how contradictions are reported (names, never values). */
class AccessTokenSourceTest {

    private static final String SECRET = "client-secret-value-never-printed";
    private static final String TOKEN = "static-token-value-never-printed";

    @Test
    void selectsTheModeFromWhatIsSet() {
        assertEquals(Mode.SERVER_TO_SERVER_OAUTH, AccessTokenSource.mode(config(null, "acc", "cid", SECRET)));
        assertEquals(Mode.STATIC_TOKEN, AccessTokenSource.mode(config(TOKEN, null, null, null)));
        assertEquals(Mode.NONE, AccessTokenSource.mode(config(null, null, null, null)));
        assertEquals(Mode.NONE, AccessTokenSource.mode(config("  ", "", null, null)));
    }

    @Test
    void staticTokenWithServerToServerIsAConflict() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> AccessTokenSource.mode(config(TOKEN, "acc", "cid", SECRET)));

        assertTrue(error.getMessage().contains("ZOOM_ACCESS_TOKEN"), error.getMessage());
        assertTrue(error.getMessage().contains("ZOOM_CLIENT_SECRET"), error.getMessage());
        assertFalse(error.getMessage().contains(SECRET) || error.getMessage().contains(TOKEN), error.getMessage());
    }

    @Test
    void partialServerToServerNamesWhatIsMissing() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> AccessTokenSource.mode(config(null, "acc", null, SECRET)));

        assertTrue(error.getMessage().contains("ZOOM_CLIENT_ID (zoom.client-id) missing"), error.getMessage());
        assertFalse(error.getMessage().contains(SECRET), error.getMessage());
    }

    private static ZoomConfig config(String accessToken, String accountId, String clientId, String clientSecret) {
        Map<String, String> values = new HashMap<>();
        values.put("accessToken", accessToken);
        values.put("accountId", accountId);
        values.put("clientId", clientId);
        values.put("clientSecret", clientSecret);
        return (ZoomConfig) Proxy.newProxyInstance(ZoomConfig.class.getClassLoader(),
                new Class<?>[]{ ZoomConfig.class },
                (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return Optional.ofNullable(values.get(method.getName()));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
