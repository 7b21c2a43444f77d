package dev.zoomtoken.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

import dev.zoomtoken.model.Failure;
import dev.zoomtoken.model.FailureSamples;

/** The breaker's {@code failOn} (class literals, as annotations need) names exactly the kinds that count. */
class CircuitBreakerFailOnTest {

    @Test
    void failOnAgreesWithTheFailureDescriptions() {
        CircuitBreaker breaker = ZoomApiClient.annotatedCall().getAnnotation(CircuitBreaker.class);
        List<Throwable> failures = new ArrayList<>(FailureSamples.all());
        failures.add(new TimeoutException());
        failures.add(new CircuitBreakerOpenException());
        failures.add(new IllegalStateException());

        for (Throwable failure : failures) {
            boolean inFailOn = Arrays.stream(breaker.failOn()).anyMatch(type -> type.isInstance(failure));
            assertEquals(Failure.of(failure).countedByCircuitBreaker(), inFailOn, failure.getClass().getName());
        }
        assertEquals(0, breaker.skipOn().length);
    }
}
