package dev.zoomtoken.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The settings the fault tolerance of every call to Zoom is built from ({@code ZoomFaultTolerance}): the defaults are
 * the README's table, and each is one key, also as an environment variable.
 */
class FaultToleranceSettingsTest {

    /** The mapping as the application reads it: Quarkus's duration syntax ({@code 5S}, {@code 250ms}) included. */
    private static ZoomConfig config(Map<String, String> properties, Map<String, String> environment) {
        return new SmallRyeConfigBuilder().withMapping(ZoomConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 250),
                        new EnvConfigSource(environment, 300))
                .build().getConfigMapping(ZoomConfig.class);
    }

    @Test
    void defaultsAreTheReadmesTable() {
        ZoomConfig config = config(Map.of(), Map.of());

        assertEquals(3, config.retry().maxRetries());
        assertEquals(Duration.ofMillis(250), config.retry().initialBackoff());
        assertEquals(Duration.ofSeconds(2), config.retry().maxBackoff());
        assertEquals(Duration.ofSeconds(1), config.retry().rateLimitDefaultWait());
        assertEquals(Duration.ofSeconds(5), config.retry().rateLimitMaxWait());
        assertEquals(Duration.ofSeconds(5), config.attemptTimeout());
        assertEquals(20, config.circuitBreaker().requestVolumeThreshold());
        assertEquals(0.5, config.circuitBreaker().failureRatio());
        assertEquals(Duration.ofSeconds(5), config.circuitBreaker().delay());
        assertEquals(Duration.ofSeconds(30), config.requestDeadline());
    }

    @Test
    void eachSettingIsOneKey() {
        ZoomConfig config = config(Map.of("zoom.retry.max-retries", "2", "zoom.retry.initial-backoff", "100ms",
                "zoom.attempt-timeout", "3S", "zoom.circuit-breaker.request-volume-threshold", "40",
                "zoom.circuit-breaker.failure-ratio", "0.25", "zoom.circuit-breaker.delay", "10S"), Map.of());

        assertEquals(2, config.retry().maxRetries());
        assertEquals(Duration.ofMillis(100), config.retry().initialBackoff());
        assertEquals(Duration.ofSeconds(3), config.attemptTimeout());
        assertEquals(40, config.circuitBreaker().requestVolumeThreshold());
        assertEquals(0.25, config.circuitBreaker().failureRatio());
        assertEquals(Duration.ofSeconds(10), config.circuitBreaker().delay());
    }

    @Test
    void environmentVariablesWinOverProperties() {
        ZoomConfig config = config(Map.of("zoom.attempt-timeout", "3S"), Map.of("ZOOM_ATTEMPT_TIMEOUT", "1500ms",
                "ZOOM_RETRY_MAX_RETRIES", "1", "ZOOM_CIRCUIT_BREAKER_DELAY", "30S"));

        assertEquals(Duration.ofMillis(1500), config.attemptTimeout());
        assertEquals(1, config.retry().maxRetries());
        assertEquals(Duration.ofSeconds(30), config.circuitBreaker().delay());
    }
}
