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
 * A guarded method's fault-tolerance settings as SmallRye Fault Tolerance reads them: the first of the method's, the
 * class's and the global {@code quarkus.fault-tolerance} override, or of the MicroProfile forms
 * ({@code <class>/<method>/<Strategy>/<setting>}, {@code <class>/<Strategy>/<setting>}, {@code <Strategy>/<setting>}),
 * else the default. A value without its unit keeps the default's unit.
 */
final class FaultToleranceSettings {

    private FaultToleranceSettings() {
    }

    /** How long the circuit breaker of {@code method} stays open: its {@code @CircuitBreaker} delay, or an override. */
    static Duration circuitBreakerDelay(Method method, Config config) {
        CircuitBreaker annotation = method.getAnnotation(CircuitBreaker.class);
        if (annotation == null) {
            throw new IllegalArgumentException(method + " has no @CircuitBreaker");
        }
        return duration(method, config, "circuit-breaker", "CircuitBreaker", "delay", "delay-unit", "delayUnit",
                Duration.of(annotation.delay(), annotation.delayUnit()), annotation.delayUnit());
    }

    /**
     * The per-attempt timeout of {@code method}: its {@code timeout.value} and {@code timeout.unit} settings, else
     * {@code defaultSeconds}; empty when {@code timeout.enabled} (or fault tolerance as a whole) is switched off.
     */
    static Optional<Duration> attemptTimeout(Method method, Config config, long defaultSeconds) {
        boolean enabled = first(config,
                List.of("quarkus.fault-tolerance.enabled", "MP_Fault_Tolerance_NonFallback_Enabled"), Boolean.class)
                .orElse(true)
                && first(config, keys(method, "timeout", "Timeout", "enabled", "enabled"), Boolean.class).orElse(true);
        if (!enabled) {
            return Optional.empty();
        }
        return Optional.of(duration(method, config, "timeout", "Timeout", "value", "unit", "unit",
                Duration.ofSeconds(defaultSeconds), ChronoUnit.SECONDS));
    }

    private static Duration duration(Method method, Config config, String strategy, String mpStrategy, String setting,
            String unitSetting, String mpUnitSetting, Duration defaultValue, ChronoUnit defaultUnit) {
        List<String> values = keys(method, strategy, mpStrategy, setting, setting);
        List<String> units = keys(method, strategy, mpStrategy, unitSetting, mpUnitSetting);
        for (int i = 0; i < values.size(); i++) {
            Optional<Long> value = config.getOptionalValue(values.get(i), Long.class);
            if (value.isPresent()) {
                ChronoUnit unit = config.getOptionalValue(units.get(i), String.class)
                        .map(FaultToleranceSettings::unit).orElse(defaultUnit);
                return Duration.of(value.get(), unit);
            }
        }
        return defaultValue;
    }

    /** The keys of one setting, most specific first; {@code mpSetting} is the MicroProfile spelling. */
    private static List<String> keys(Method method, String strategy, String mpStrategy, String setting,
            String mpSetting) {
        String className = method.getDeclaringClass().getName();
        String methodKey = className + "/" + method.getName();
        return List.of("quarkus.fault-tolerance.\"" + methodKey + "\"." + strategy + "." + setting,
                methodKey + "/" + mpStrategy + "/" + mpSetting,
                "quarkus.fault-tolerance.\"" + className + "\"." + strategy + "." + setting,
                className + "/" + mpStrategy + "/" + mpSetting,
                "quarkus.fault-tolerance.global." + strategy + "." + setting,
                mpStrategy + "/" + mpSetting);
    }

    private static <T> Optional<T> first(Config config, List<String> keys, Class<T> type) {
        for (String key : keys) {
            Optional<T> value = config.getOptionalValue(key, type);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    private static ChronoUnit unit(String name) {
        return ChronoUnit.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
