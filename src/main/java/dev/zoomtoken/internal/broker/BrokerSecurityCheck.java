package dev.zoomtoken.internal.broker;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Fails closed: in production the broker does not start unless callers' JWTs can be verified against a configured key
 * and issuer, and warns when no audience is configured. Dev and test profiles bring their own keys.
 */
@ApplicationScoped
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
public class BrokerSecurityCheck {

    private static final Logger LOG = Logger.getLogger(BrokerSecurityCheck.class);

    void checkAtStartup(@Observes StartupEvent event, Config config) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        List<String> missing = new ArrayList<>();
        if (config.getOptionalValue("mp.jwt.verify.publickey.location", String.class).isEmpty()
                && config.getOptionalValue("mp.jwt.verify.publickey", String.class).isEmpty()) {
            missing.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION (a PEM file or the identity provider's JWKS URL)");
        }
        if (config.getOptionalValue("mp.jwt.verify.issuer", String.class).isEmpty()) {
            missing.add("MP_JWT_VERIFY_ISSUER (the identity provider's issuer)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    "The token broker cannot verify callers: set " + String.join(" and ", missing));
        }
        if (config.getOptionalValue("mp.jwt.verify.audiences", String.class).isEmpty()) {
            LOG.warn("MP_JWT_VERIFY_AUDIENCES is not set: caller JWTs of the issuer minted for any application are "
                    + "accepted. Set it to the audience your identity provider gives tokens for this broker.");
        }
    }
}
