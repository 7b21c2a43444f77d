package dev.zoomtoken.internal.broker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.zoomtoken.ZoomMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * A client that stops sending in the middle of its request head, or after a request, is disconnected once the idle
 * timeout passes (here shortened to 2 s; 30 s in production), instead of holding the connection open.
 */
@QuarkusTest
@TestProfile(HttpTimeoutsTest.ShortIdleTimeout.class)
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = CallerKeys.class, restrictToAnnotatedClass = true)
class HttpTimeoutsTest {

    static final Duration IDLE = Duration.ofSeconds(2);

    /** A short idle timeout, so that the test waits seconds, not the production value. */
    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", IDLE.toSeconds() + "S");
        }
    }

    @Test
    void aClientStalledInItsHeadersIsDisconnected() throws IOException {
        assertClosedWithinIdleTimeout(
                "GET /api/v1/users/kate@example.com/token HTTP/1.1\r\nHost: localhost\r\nAuthoriz");
    }

    @Test
    void aClientThatSentNothingIsDisconnected() throws IOException {
        assertClosedWithinIdleTimeout("");
    }

    @Test
    void anIdleKeepAliveConnectionIsDisconnected() throws IOException {
        assertClosedWithinIdleTimeout("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
    }

    private static void assertClosedWithinIdleTimeout(String sent) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5_000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(sent.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                while (in.read(buffer) >= 0) {
                    // a reply to a complete request may come first; the close is what is measured
                }
            } catch (SocketException reset) {
                // closed by the server with a reset: also a close
            }
            Duration open = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(open.compareTo(IDLE.minusMillis(500)) >= 0, "closed before the idle timeout: " + open);
            assertTrue(open.compareTo(IDLE.plusSeconds(5)) <= 0, "still open long after the idle timeout: " + open);
        }
    }
}
