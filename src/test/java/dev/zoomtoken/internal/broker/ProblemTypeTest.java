package dev.zoomtoken.internal.broker;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.zoomtoken.model.Failure;

/** Every failure has exactly one problem type, and the statuses are the ones the README's contract table gives. */
class ProblemTypeTest {

    @Test
    void everyFailureHasExactlyOneProblemType() {
        Set<ProblemType> used = EnumSet.noneOf(ProblemType.class);
        for (Failure failure : Failure.values()) {
            ProblemType kind = ProblemType.of(failure);
            assertAll(failure.name(),
                    () -> assertNotNull(kind),
                    () -> assertEquals(kind, ProblemType.of(failure), "the same answer every time"),
                    () -> assertTrue(kind.status() >= 400 && kind.status() <= 599),
                    () -> assertTrue(kind.type().matches("[a-z0-9-]+"), kind.type()),
                    () -> assertFalse(kind.title().isBlank()));
            used.add(kind);
        }
        assertEquals(EnumSet.allOf(ProblemType.class), used, "a problem type no failure is answered with");
    }

    @Test
    void namesAndTitlesAreDistinct() {
        Set<String> names = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (ProblemType kind : ProblemType.values()) {
            assertTrue(names.add(kind.type()), kind.type());
            assertTrue(titles.add(kind.title()), kind.title());
        }
    }

    @Test
    void theContractsStatuses() {
        assertEquals(429, ProblemType.of(Failure.ZOOM_RATE_LIMITED).status());
        assertEquals(ProblemType.of(Failure.ZOOM_RATE_LIMITED), ProblemType.of(Failure.RATE_BUDGET_USED_UP));
        assertEquals(400, ProblemType.of(Failure.INVALID_REQUEST).status());
        assertEquals(404, ProblemType.of(Failure.USER_NOT_FOUND).status());
        assertEquals(422, ProblemType.of(Failure.NO_TOKEN).status());
        assertEquals(503, ProblemType.of(Failure.CIRCUIT_OPEN).status());
        assertEquals(503, ProblemType.of(Failure.NOT_CONFIGURED).status());
        assertEquals(504, ProblemType.of(Failure.TIMEOUT).status());
        assertEquals(504, ProblemType.of(Failure.ATTEMPT_TIMEOUT).status());
        assertEquals(502, ProblemType.of(Failure.ZOOM_SERVER_ERROR).status());
        assertEquals(409, ProblemType.of(Failure.REAUTHORIZATION_REQUIRED).status());
        assertEquals(500, ProblemType.of(Failure.UNEXPECTED).status());
        assertEquals(503, ProblemType.of(Failure.STORE_UNAVAILABLE).status());
    }
}
