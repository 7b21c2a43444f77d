package dev.zoomtoken.internal.broker;

import static dev.zoomtoken.internal.broker.UserTokenResourceTest.PATH;
import static dev.zoomtoken.internal.broker.UserTokenResourceTest.as;
import static dev.zoomtoken.internal.broker.UserTokenResourceTest.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The stubs dev mode serves behave as README promises, so a broken mapping file fails the build. */
@QuarkusTest
@QuarkusTestResource(value = DevZoomMock.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = CallerKeys.class, restrictToAnnotatedClass = true)
class DevZoomMockTest {

    private final String admin = CallerKeys.forUpn("ops@example.com", CallerPolicy.ADMIN_GROUP);

    @Test
    void usersWithTokens() {
        as(CallerKeys.forUpn("alice@example.com")).get(PATH, "alice@example.com").then()
                .statusCode(200).body("token", startsWith("dev-zak-"), "type", equalTo("zak"));
        as(admin).queryParam("type", "onbehalf").queryParam("meeting_id", "81234567890").get(PATH, "bob@example.com")
                .then().statusCode(200).body("token", startsWith("dev-onbehalf-"));
    }

    @Test
    void unknownUsersAreNotFound() {
        assertProblem(as(admin).get(PATH, "ghost@example.com").then(), 404, "user-not-found")
                .body("zoom_code", equalTo(1001));
    }

    @Test
    void googleUserHasNoSdkToken() {
        assertProblem(as(admin).queryParam("type", "token").get(PATH, "google-user@example.com").then(), 422,
                "no-token-issued");
    }

    @Test
    void flakyUserSucceedsThroughARetry() {
        as(admin).get(PATH, "flaky@example.com").then().statusCode(200).body("token", startsWith("dev-zak-flaky-"));
    }

    @Test
    void limitedUserIsRateLimited() {
        assertProblem(as(admin).get(PATH, "limited@example.com").then(), 429, "rate-limited")
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[0-9]+"));
    }

    @Test
    void devCallerTokensExistOnlyInDevMode() {
        given().get("/dev/caller-token").then().statusCode(404);
    }
}
