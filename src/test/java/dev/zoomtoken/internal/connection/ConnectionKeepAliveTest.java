package dev.zoomtoken.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The keep-alive setting: days, hours and seconds-long durations, {@code off}, and clear refusals. */
class ConnectionKeepAliveTest {

    @Test
    void durationsInQuarkusFormatAndOff() {
        assertEquals(Optional.of(Duration.ofDays(30)), ConnectionKeepAlive.parse("P30D"));
        assertEquals(Optional.of(Duration.ofHours(1)), ConnectionKeepAlive.parse("PT1H"));
        assertEquals(Optional.of(Duration.ofSeconds(30)), ConnectionKeepAlive.parse("30S"));
        assertEquals(Optional.of(Duration.ofSeconds(2)), ConnectionKeepAlive.parse("2s"));
        assertEquals(Optional.of(Duration.ofMillis(1500)), ConnectionKeepAlive.parse("1500ms"));
        assertEquals(Optional.empty(), ConnectionKeepAlive.parse("off"));
        assertEquals(Optional.empty(), ConnectionKeepAlive.parse(" OFF "));
    }

    @Test
    void anythingElseIsRefusedNamingTheSettingAndItsVariable() {
        for (String wrong : new String[]{ "", "soon", "0S", "-5S", "P-1D", "30 days" }) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> ConnectionKeepAlive.parse(wrong), wrong);
            assertTrue(refused.getMessage().contains("ZOOM_USER_OAUTH_KEEP_ALIVE (zoom.user-oauth.keep-alive)"),
                    refused.getMessage());
        }
    }
}
