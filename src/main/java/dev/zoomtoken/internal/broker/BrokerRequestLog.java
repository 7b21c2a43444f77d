package dev.zoomtoken.internal.broker;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.zoomtoken.internal.crypto.Hashes;
import dev.zoomtoken.internal.http.ZoomErrorMapper;
import dev.zoomtoken.model.InvalidTokenRequestException;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomUserIds;
import io.quarkus.arc.properties.IfBuildProperty;
import io.vertx.core.http.HttpServerRequest;

/**
 * One INFO line per broker request: method, outcome, status, Zoom tracking id, latency and a pseudonym of the user id.
 * The user id appears only as the first 12 hex digits of the SHA-256 of its comparison key ({@code me} as is), so an
 * email is not in the log in clear but a known user can still be found:
 * {@code printf '%s' alice@example.com | sha256sum | cut -c1-12}.
 */
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
public class BrokerRequestLog {

    /**
     * The line's log category: lower case so that an environment variable can set its level
     * ({@code QUARKUS_LOG_CATEGORY__DEV_ZOOMTOKEN_REQUESTS__LEVEL=WARN} turns it off), under the module's own prefix.
     */
    static final String CATEGORY = "dev.zoomtoken.requests";
    private static final Logger LOG = Logger.getLogger(CATEGORY);
    static final String NOBODY = "-";
    /**
     * Request property naming whom a request is about, set by the resource once it has read its input: the
     * {@link UserTokenRequest} of the users' token route, or a user id or principal (the Meeting SDK route). Requests
     * refused before that are named from their raw path.
     */
    static final String SUBJECT = BrokerRequestLog.class.getName() + ".subject";
    private static final String CONNECTIONS_PREFIX = ConnectionResource.PATH + "/";
    private static final String STARTED = BrokerRequestLog.class.getName() + ".started";

    @ServerRequestFilter(preMatching = true)
    void started(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @ServerResponseFilter
    void finished(ContainerRequestContext request, ContainerResponseContext response, HttpServerRequest raw) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String user;
        Object subject = request.getProperty(SUBJECT);
        if (subject instanceof UserTokenRequest read) {
            user = read.userId().equals(ZoomUserIds.ME) ? ZoomUserIds.ME : pseudonymOfKey(read.userKey());
        } else {
            String userId = subject instanceof String named ? named : TokenRequestTarget.rawUserSegment(raw.path());
            if (userId == null) {
                userId = connectionSubject(raw.path(), request.getSecurityContext().getUserPrincipal());
            }
            if (userId == null && MeetingSdkResource.PATH.equals(raw.path())) {
                userId = NOBODY;
            }
            if (userId == null) {
                return;
            }
            user = userId.equals(NOBODY) ? NOBODY : pseudonym(userId);
        }
        Object started = request.getProperty(STARTED);
        long latencyMillis = started instanceof Long nanos ? (System.nanoTime() - nanos) / 1_000_000 : -1;
        Object entity = response.getEntity();
        String outcome = entity instanceof Problem problem ? problem.name()
                : response.getStatus() < 400 ? "success" : "error";
        String trackingId = entity instanceof Problem problem ? problem.trackingId()
                : response.getHeaderString(ZoomErrorMapper.TRACKING_ID_HEADER);
        // Concatenated rather than printf-formatted: this line is written for every request.
        LOG.info("broker request method=" + request.getMethod() + " outcome=" + outcome + " status="
                + response.getStatus() + " zoom_tracking_id=" + (trackingId == null ? "-" : trackingId)
                + " latency_ms=" + latencyMillis + " user=" + user);
    }

    /**
     * Whose connection a request of the connections API, the OAuth callback or the webhook is about: the caller's
     * principal for {@code /me} routes, the principal in the path for an admin's, {@value #NOBODY} when no one is
     * known yet (the callback, the webhook, an unauthenticated caller); null for any other path (not logged here).
     */
    static String connectionSubject(String path, java.security.Principal caller) {
        if (path == null) {
            return null;
        }
        if (path.equals(OAuthCallbackResource.PATH) || path.equals(ZoomWebhookResource.PATH)) {
            return NOBODY;
        }
        if (!path.startsWith(CONNECTIONS_PREFIX)) {
            return null;
        }
        String rest = path.substring(CONNECTIONS_PREFIX.length());
        if (rest.equals("me") || rest.startsWith("me/")) {
            return caller == null ? NOBODY : caller.getName();
        }
        if (!rest.endsWith("/token")) {
            return NOBODY;
        }
        String raw = rest.substring(0, rest.length() - "/token".length());
        try {
            return TokenRequestTarget.decode(raw, "principal");
        } catch (InvalidTokenRequestException undecodable) {
            return raw; // refused by the resource too; hashed like any other input
        }
    }

    /**
     * {@code me} as is; a valid user id the first 12 hex digits of SHA-256 of its {@link ZoomUserIds#comparisonKey};
     * anything else (input that was refused) the same of the text as it came.
     */
    static String pseudonym(String userId) {
        if (ZoomUserIds.isMe(userId)) {
            return ZoomUserIds.ME;
        }
        return pseudonymOfKey(ZoomUserIds.isValid(userId) ? ZoomUserIds.comparisonKey(userId) : userId);
    }

    private static String pseudonymOfKey(String key) {
        return Hashes.sha256HexPrefix(key, 6);
    }
}
