package dev.zoomtoken.internal.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.zoomtoken.internal.tracing.ZoomTracing;
import dev.zoomtoken.model.UserTokenRequest;

/** What the broker's spans say about a request's path and user. */
class ServerSpanScrubberTest {

    @Test
    void pathsBecomeTheirRouteTemplates() {
        assertEquals("/api/v1/users/{userId}/token",
                ServerSpanScrubber.template("/api/v1/users/alice@example.com/token"));
        assertEquals("/api/v1/connections/{principal}/token",
                ServerSpanScrubber.template("/api/v1/connections/bob@example.com/token"));
        assertEquals("/oauth/zoom/callback", ServerSpanScrubber.template("/oauth/zoom/callback"));
        assertEquals("/api/v1/connections/me", ServerSpanScrubber.template("/api/v1/connections/me"));
    }

    @Test
    void anyOtherPathIsUnknown() {
        for (String path : new String[]{ "/api/v1/users/alice@example.com/token/extra", "/api/v1/users//token",
                "/alice@example.com", "//evil.example/x", "*", "", "/api/v1/users/a/b/token" }) {
            assertEquals(HttpServerUriTags.UNKNOWN, ServerSpanScrubber.template(path), path);
        }
    }

    @Test
    void spansNameTheUserAsTheRequestLogDoes() {
        for (String user : new String[]{ "Alice@Example.COM", "alice@example.com", "KdYKjnimT4KPd8KKdQt9FQ", "me",
                "ME" }) {
            assertEquals(BrokerRequestLog.pseudonym(user), ZoomTracing.userPseudonym(UserTokenRequest.zak(user)), user);
        }
        assertEquals("me", ZoomTracing.userPseudonym(UserTokenRequest.zak("me")));
    }
}
