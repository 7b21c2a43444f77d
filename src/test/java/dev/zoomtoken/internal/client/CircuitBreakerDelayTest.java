package dev.zoomtoken.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class CircuitBreakerDelayTest {

    private static final String METHOD = "quarkus.fault-tolerance.\"dev.zoomtoken.internal.client.ZoomApiClient/getUserToken\"";

    private static Duration delay(Map<String, String> settings) {
        Method method = ZoomApiClient.annotatedCall();
        Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(settings, "test", 500)).build();
        return CircuitBreakerDelay.of(method, config);
    }

    @Test
    void withoutOverridesTheAnnotationsDelay() throws Exception {
        assertEquals(Duration.ofSeconds(5), delay(Map.of()));
    }

    @Test
    void aMethodOverrideWinsAndKeepsTheAnnotationsUnitUnlessItNamesOne() throws Exception {
        assertEquals(Duration.ofSeconds(12), delay(Map.of(METHOD + ".circuit-breaker.delay", "12",
                "quarkus.fault-tolerance.global.circuit-breaker.delay", "99")));
        assertEquals(Duration.ofMillis(1500), delay(Map.of(METHOD + ".circuit-breaker.delay", "1500",
                METHOD + ".circuit-breaker.delay-unit", "millis")));
    }

    @Test
    void classGlobalAndMicroProfileFormsAreRead() throws Exception {
        assertEquals(Duration.ofSeconds(7), delay(Map.of(
                "quarkus.fault-tolerance.\"dev.zoomtoken.internal.client.ZoomApiClient\".circuit-breaker.delay", "7")));
        assertEquals(Duration.ofMinutes(2), delay(Map.of("quarkus.fault-tolerance.global.circuit-breaker.delay", "2",
                "quarkus.fault-tolerance.global.circuit-breaker.delay-unit", "MINUTES")));
        assertEquals(Duration.ofMillis(300), delay(Map.of(
                "dev.zoomtoken.internal.client.ZoomApiClient/getUserToken/CircuitBreaker/delay", "300",
                "dev.zoomtoken.internal.client.ZoomApiClient/getUserToken/CircuitBreaker/delayUnit", "MILLIS")));
    }
}
