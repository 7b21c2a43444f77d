package dev.zoomtoken.internal.config;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Warns at startup about settings that name a class by its old package: fault-tolerance overrides are keyed by class
 * name, so {@code quarkus.fault-tolerance."dev.zoomtoken.client.ZoomApiClient/getUserToken".*} would otherwise be
 * ignored without a word since the classes moved under {@code dev.zoomtoken.internal}.
 */
@ApplicationScoped
public class RenamedSettings {

    private static final Logger LOG = Logger.getLogger(RenamedSettings.class);
    static final Map<String, String> MOVED_CLASSES = Map.of(
            "dev.zoomtoken.client.ZoomApiClient", "dev.zoomtoken.internal.client.ZoomApiClient",
            "dev.zoomtoken.auth.ZoomOAuthClient", "dev.zoomtoken.internal.auth.ZoomOAuthClient");

    void check(@Observes StartupEvent event, Config config) {
        for (String name : renamed(StreamSupport.stream(config.getPropertyNames().spliterator(), false).toList())) {
            LOG.warnf("Setting %s is ignored: the class it names has moved; use %s", name, newName(name));
        }
    }

    /** The names among {@code names} that use an old class name. */
    static List<String> renamed(List<String> names) {
        return names.stream().filter(name -> !newName(name).equals(name)).sorted().toList();
    }

    static String newName(String name) {
        for (Map.Entry<String, String> moved : MOVED_CLASSES.entrySet()) {
            String old = "quarkus.fault-tolerance.\"" + moved.getKey() + "/";
            if (name.startsWith(old)) {
                return "quarkus.fault-tolerance.\"" + moved.getValue() + "/" + name.substring(old.length());
            }
        }
        return name;
    }
}
