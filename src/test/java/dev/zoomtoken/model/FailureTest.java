package dev.zoomtoken.model;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.zoomtoken.internal.connection.ConnectionStoreException;

/**
 * Every concrete exception of the module has one complete description, and the descriptions say what the module's
 * contract says. A new exception type fails {@link #everyConcreteExceptionTypeHasASample()} until it is added here.
 */
class FailureTest {

    private static final ZoomErrorDetails DETAILS = new ZoomErrorDetails(400, 300, "bad", List.of(), "t-1");
    private static final RateLimit QPS = new RateLimit(RateLimit.Type.QPS, "Light", 30, 0, Instant.EPOCH);

    /** One instance of each concrete exception type, with the kind it must describe itself as. */
    static Map<ZoomUserTokenException, Failure> samples() {
        Map<ZoomUserTokenException, Failure> samples = new LinkedHashMap<>();
        samples.put(new InvalidTokenRequestException("userId", "bad"), Failure.INVALID_REQUEST);
        samples.put(new ZoomNotConfiguredException("none"), Failure.NOT_CONFIGURED);
        samples.put(new ZoomOAuthException(details(401, null), "hint"), Failure.CREDENTIALS_REJECTED);
        samples.put(new ZoomOAuthException("unreachable", null), Failure.OAUTH_UNAVAILABLE);
        samples.put(new ZoomAuthenticationException(details(401, 124)), Failure.CREDENTIALS_REJECTED);
        samples.put(new ZoomMissingScopeException(details(400, 4700)), Failure.CREDENTIALS_REJECTED);
        samples.put(new ZoomUserNotFoundException(details(404, 1001)), Failure.USER_NOT_FOUND);
        samples.put(new ZoomValidationException(DETAILS), Failure.REJECTED_BY_ZOOM);
        samples.put(new ZoomRateLimitedException(details(429, 429), QPS), Failure.ZOOM_RATE_LIMITED);
        samples.put(new ZoomRateBudgetExceededException(QPS, "budget used up; not sent to Zoom"),
                Failure.RATE_BUDGET_USED_UP);
        samples.put(new ZoomApiException(details(409, null)), Failure.ZOOM_CLIENT_ERROR);
        samples.put(new ZoomServerException(details(503, null)), Failure.ZOOM_SERVER_ERROR);
        samples.put(new ZoomTransportException("reset", null), Failure.TRANSPORT);
        samples.put(new ZoomMalformedResponseException("not json", null), Failure.MALFORMED_RESPONSE);
        samples.put(new ZoomNullTokenException(TokenType.TOKEN, null), Failure.NO_TOKEN);
        samples.put(new ZoomTimeoutException("late", null), Failure.TIMEOUT);
        samples.put(new ZoomCircuitOpenException(Duration.ofSeconds(5), null), Failure.CIRCUIT_OPEN);
        samples.put(new ZoomNotConnectedException(), Failure.NOT_CONNECTED);
        samples.put(new ZoomReauthorizationRequiredException("invalid_grant"), Failure.REAUTHORIZATION_REQUIRED);
        samples.put(new ZoomAuthorizationException("state used already"), Failure.AUTHORIZATION_FAILED);
        samples.put(new ZoomWebhookRejectedException("stale timestamp"), Failure.WEBHOOK_REJECTED);
        samples.put(ZoomScopeNotGrantedException.atConnect("user:read:user"), Failure.MISSING_SCOPE);
        samples.put(new ConnectionStoreException("query failed", new SQLException("refused", "08001")),
                Failure.STORE_UNAVAILABLE);
        samples.put(new ConnectionStoreException("a token no key opens", null), Failure.UNEXPECTED);
        return samples;
    }

    private static ZoomErrorDetails details(int status, Integer code) {
        return new ZoomErrorDetails(status, code, "message", List.of(), "t-1");
    }

    @Test
    void everyConcreteExceptionTypeHasASample() {
        Set<String> concrete = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.zoomtoken").stream()
                .filter(type -> type.isAssignableTo(ZoomUserTokenException.class))
                .filter(type -> !type.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT))
                .map(JavaClass::getName).collect(Collectors.toSet());
        Set<String> sampled = samples().keySet().stream().map(e -> e.getClass().getName()).collect(Collectors.toSet());

        assertTrue(concrete.size() >= 15, "found " + concrete);
        assertEquals(concrete, sampled, "each concrete exception type needs a sample and an expected kind here");
        assertTrue(Modifier.isAbstract(ZoomUserTokenException.class.getModifiers()));
    }

    @Test
    void eachExceptionDescribesItselfAsItsContractSays() {
        samples().forEach((error, expected) -> {
            assertEquals(expected, error.failure(), error.getClass().getSimpleName());
            assertEquals(expected, Failure.of(error), error.getClass().getSimpleName());
        });
    }

    @Test
    void everyKindIsCompleteAndReachable() {
        Set<Failure> reached = EnumSet.copyOf(samples().values());
        reached.add(Failure.of(new TimeoutException()));
        reached.add(Failure.of(new CircuitBreakerOpenException()));
        reached.add(Failure.of(new IllegalStateException()));
        assertEquals(EnumSet.allOf(Failure.class), reached, "a kind no failure maps to");
        for (Failure kind : Failure.values()) {
            assertAll(kind.name(),
                    () -> assertTrue(kind.outcome().matches("[a-z_]+"), kind.outcome()),
                    () -> assertNotNull(kind.retry()),
                    () -> assertEquals(kind.retry() != Failure.Retry.NEVER, kind.retryReason() != null,
                            "a retried kind names its retry reason, and only it"));
        }
    }

    @Test
    void failuresFromOutsideTheModuleHaveFixedKinds() {
        assertEquals(Failure.ATTEMPT_TIMEOUT, Failure.of(new TimeoutException()));
        assertEquals(Failure.CIRCUIT_OPEN, Failure.of(new CircuitBreakerOpenException()));
        assertEquals(Failure.UNEXPECTED, Failure.of(new NullPointerException()));
        assertEquals(Failure.UNEXPECTED, Failure.of(null));
    }

    @Test
    void theContractsRetriesAndBreakerCounting() {
        assertEquals(Failure.ZOOM_RATE_LIMITED.outcome(), Failure.RATE_BUDGET_USED_UP.outcome());
        assertEquals(Failure.Retry.NEVER, Failure.RATE_BUDGET_USED_UP.retry());
        assertEquals(Failure.Retry.WHEN_LIMIT_RESETS_SOON, Failure.ZOOM_RATE_LIMITED.retry());
        assertEquals(Failure.Retry.NEVER, Failure.MALFORMED_RESPONSE.retry());
        assertTrue(Failure.MALFORMED_RESPONSE.countedByCircuitBreaker());
        assertFalse(Failure.ZOOM_RATE_LIMITED.countedByCircuitBreaker());
    }

    @Test
    void aRefusalByTheOwnBudgetDoesNotClaimZoomAnswered() {
        ZoomRateBudgetExceededException refused = new ZoomRateBudgetExceededException(QPS,
                "The rate budget has no slot; not sent to Zoom");

        assertFalse(ZoomApiException.class.isInstance(refused), "no status() of a Zoom reply");
        assertFalse(refused.getMessage().contains("Zoom answered"), refused.getMessage());
        assertFalse(refused.getMessage().contains("429"), refused.getMessage());
        assertEquals(QPS, ((RateLimitedFailure) refused).rateLimit());
    }
}
