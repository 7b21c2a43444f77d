package dev.zoomtoken.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class FaultToleranceSettingsTest {

    private static final String CLASS = "dev.zoomtoken.internal.client.ZoomApiClient";
    private static final String METHOD = "quarkus.fault-tolerance.\"" + CLASS + "/getUserToken\"";

    private static Config config(Map<String, String> settings) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(settings, "test", 500)).build();
    }

    private static Duration delay(Map<String, String> settings) {
        return FaultToleranceSettings.circuitBreakerDelay(ZoomApiClient.annotatedCall(), config(settings));
    }

    private static Optional<Duration> timeout(Map<String, String> settings) {
        Method method = ZoomApiClient.annotatedCall();
        return FaultToleranceSettings.attemptTimeout(method, config(settings), 5);
    }

    @Test
    void withoutOverridesTheAnnotationsDelay() {
        assertEquals(Duration.ofSeconds(5), delay(Map.of()));
    }

    @Test
    void aMethodOverrideWinsAndKeepsTheAnnotationsUnitUnlessItNamesOne() {
        assertEquals(Duration.ofSeconds(12), delay(Map.of(METHOD + ".circuit-breaker.delay", "12",
                "quarkus.fault-tolerance.global.circuit-breaker.delay", "99")));
        assertEquals(Duration.ofMillis(1500), delay(Map.of(METHOD + ".circuit-breaker.delay", "1500",
                METHOD + ".circuit-breaker.delay-unit", "millis")));
    }

    @Test
    void classGlobalAndMicroProfileFormsAreRead() {
        assertEquals(Duration.ofSeconds(7), delay(Map.of(
                "quarkus.fault-tolerance.\"" + CLASS + "\".circuit-breaker.delay", "7")));
        assertEquals(Duration.ofMinutes(2), delay(Map.of("quarkus.fault-tolerance.global.circuit-breaker.delay", "2",
                "quarkus.fault-tolerance.global.circuit-breaker.delay-unit", "MINUTES")));
        assertEquals(Duration.ofMillis(300), delay(Map.of(
                CLASS + "/getUserToken/CircuitBreaker/delay", "300",
                CLASS + "/getUserToken/CircuitBreaker/delayUnit", "MILLIS")));
        assertEquals(Duration.ofSeconds(8), delay(Map.of(CLASS + "/CircuitBreaker/delay", "8")));
    }

    @Test
    void theAttemptTimeoutIsTheDefaultInSecondsUntilOverridden() {
        assertEquals(Optional.of(Duration.ofSeconds(5)), timeout(Map.of()));
        assertEquals(Optional.of(Duration.ofSeconds(3)), timeout(Map.of(METHOD + ".timeout.value", "3")));
        assertEquals(Optional.of(Duration.ofMillis(1000)), timeout(Map.of(METHOD + ".timeout.value", "1000",
                METHOD + ".timeout.unit", "millis", "quarkus.fault-tolerance.global.timeout.value", "9")));
        assertEquals(Optional.of(Duration.ofSeconds(9)), timeout(Map.of("quarkus.fault-tolerance.global.timeout.value",
                "9")));
        assertEquals(Optional.of(Duration.ofMillis(250)), timeout(Map.of(CLASS + "/getUserToken/Timeout/value", "250",
                CLASS + "/getUserToken/Timeout/unit", "MILLIS")));
    }

    @Test
    void aTimeoutSwitchedOffAtAnyLevelOrFaultToleranceOffMeansNoAttemptTimeout() {
        assertEquals(Optional.empty(), timeout(Map.of(METHOD + ".timeout.enabled", "false")));
        assertEquals(Optional.empty(), timeout(Map.of("quarkus.fault-tolerance.global.timeout.enabled", "false")));
        assertEquals(Optional.empty(), timeout(Map.of("Timeout/enabled", "false")));
        assertEquals(Optional.empty(), timeout(Map.of("quarkus.fault-tolerance.enabled", "false")));
        assertEquals(Optional.empty(), timeout(Map.of("MP_Fault_Tolerance_NonFallback_Enabled", "false")));
        assertEquals(Optional.of(Duration.ofSeconds(5)), timeout(Map.of(METHOD + ".timeout.enabled", "true",
                "quarkus.fault-tolerance.global.timeout.enabled", "false")));
    }
}
