package dev.zoomtoken.internal.client;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

/**
 * How long the circuit breaker of a guarded method stays open, as SmallRye Fault Tolerance will use it: the first of
 * the method's, the class's and the global {@code quarkus.fault-tolerance} override (or the MicroProfile form
 * {@code <class>/<method>/CircuitBreaker/delay}), else the annotation's value.
 */
final class CircuitBreakerDelay {

    private CircuitBreakerDelay() {
    }

    static Duration of(Method method, Config config) {
        CircuitBreaker annotation = method.getAnnotation(CircuitBreaker.class);
        if (annotation == null) {
            throw new IllegalArgumentException(method + " has no @CircuitBreaker");
        }
        String className = method.getDeclaringClass().getName();
        String methodKey = className + "/" + method.getName();
        List<String[]> candidates = List.of(
                new String[] { "quarkus.fault-tolerance.\"" + methodKey + "\".circuit-breaker.delay",
                        "quarkus.fault-tolerance.\"" + methodKey + "\".circuit-breaker.delay-unit" },
                new String[] { methodKey + "/CircuitBreaker/delay", methodKey + "/CircuitBreaker/delayUnit" },
                new String[] { "quarkus.fault-tolerance.\"" + className + "\".circuit-breaker.delay",
                        "quarkus.fault-tolerance.\"" + className + "\".circuit-breaker.delay-unit" },
                new String[] { "quarkus.fault-tolerance.global.circuit-breaker.delay",
                        "quarkus.fault-tolerance.global.circuit-breaker.delay-unit" },
                new String[] { "CircuitBreaker/delay", "CircuitBreaker/delayUnit" });
        for (String[] keys : candidates) {
            Optional<Long> delay = config.getOptionalValue(keys[0], Long.class);
            if (delay.isPresent()) {
                ChronoUnit unit = config.getOptionalValue(keys[1], String.class).map(CircuitBreakerDelay::unit)
                        .orElse(annotation.delayUnit());
                return Duration.of(delay.get(), unit);
            }
        }
        return Duration.of(annotation.delay(), annotation.delayUnit());
    }

    private static ChronoUnit unit(String name) {
        return ChronoUnit.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
