package dev.zoomtoken.internal.broker;

import java.time.Duration;
import java.util.Set;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.build.Jwt;

/**
 * Dev mode only: issues caller JWTs signed with the dev key pair in {@code src/dev/caller-keys}, so the broker can be
 * tried without an identity provider. The class is left out of every build but the dev profile's, and out of
 * applications that use the module as a library (broker off), whose dev mode has no caller keys.
 */
@Path(DevCallerTokens.ROUTE)
@IfBuildProfile("dev")
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
public class DevCallerTokens {

    static final String ROUTE = "/dev/caller-token";
    private static final Logger LOG = Logger.getLogger(DevCallerTokens.class);
    private static final Duration LIFETIME = Duration.ofHours(8);

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(operationId = "devCallerToken",
            summary = "Dev mode only: a caller JWT for the given user (admin=true adds group zoom-token-admin)")
    public String callerToken(@RestQuery String upn, @RestQuery boolean admin) {
        String user = upn == null || upn.isBlank() ? "alice@example.com" : upn;
        return Jwt.issuer(issuer).upn(user)
                .groups(admin ? Set.of(CallerPolicy.ADMIN_GROUP) : Set.of())
                .expiresIn(LIFETIME)
                .sign();
    }

    void announce(@Observes StartupEvent event, @ConfigProperty(name = "quarkus.http.port") int port) {
        LOG.infof(
                "Dev mode: mock Zoom is running. Try:%n  TOKEN=$(curl -s "
                        + "'http://localhost:%d/dev/caller-token?upn=alice@example.com')"
                        + "%n  curl -s -H \"Authorization: Bearer $TOKEN\" "
                        + "http://localhost:%d/api/v1/users/alice@example.com/token",
                port, port);
    }
}
