package dev.zoomtoken.internal.meetingsdk;

import java.time.Clock;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.zoomtoken.internal.config.ZoomConfig;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;

/**
 * The Meeting SDK signer the settings make ({@link MeetingSdkCredentials#of}), or none. Checked at startup: settings
 * it cannot sign with stop the application with a message naming the setting. The check runs after the other
 * startup checks, so that a connected-users setup that lacks more than its secret is named by its own check first.
 */
@ApplicationScoped
public class MeetingSdkSigners {

    private final Optional<MeetingSdkSigner> signer;

    @Inject
    MeetingSdkSigners(MeetingSdkConfig sdk, ZoomConfig zoom, @MeetingSdkTime Clock clock) {
        this.signer = MeetingSdkCredentials.of(sdk, zoom.userOauth()).map(found -> new MeetingSdkSigner(found, clock));
    }

    void checkAtStartup(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event) {
        signer();
    }

    /** The signer, when credentials are configured. */
    public Optional<MeetingSdkSigner> signer() {
        return signer;
    }

    /** The clock {@code iat} comes from, unless an application or test replaces it. */
    @Produces
    @MeetingSdkTime
    @DefaultBean
    @Singleton
    static Clock systemClock() {
        return Clock.systemUTC();
    }
}
