package dev.zoomtoken.internal.broker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged broker refuses to start on settings it cannot work with, and says which variable to set, instead of
 * starting and failing callers (or failing the first call with a 500). No secret of the settings is echoed.
 */
class StartupChecksIT {

    private static final String KEY = "not-base64-but-secret-Jw2x";
    private static final String SHORT_SECRET = "short-Jw2x";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "requests-per-second 0 | -Dzoom.rate-limit.requests-per-second=0 | ZOOM_RATE_LIMIT_REQUESTS_PER_SECOND",
            "requests-per-second too high | -Dzoom.rate-limit.requests-per-second=20000 | must be 1..10000",
            "replicas 0 | -Dzoom.rate-limit.replicas=0 | ZOOM_RATE_LIMIT_REPLICAS",
            "Redis store without a server | -Dzoom.shared-state=redis | QUARKUS_REDIS_HOSTS",
            "user OAuth without a secret | -Dzoom.user-oauth.client-id=app | ZOOM_USER_OAUTH_CLIENT_SECRET",
            "user OAuth without an encryption key | -Dzoom.user-oauth.client-id=app -Dzoom.user-oauth.client-secret=s "
                    + "-Dzoom.user-oauth.redirect-uri=https://broker.example/oauth/zoom/callback "
                    + "| ZOOM_USER_OAUTH_ENCRYPTION_KEY",
            "user OAuth with a key that is not 32 bytes | -Dzoom.user-oauth.client-id=app "
                    + "-Dzoom.user-oauth.client-secret=s "
                    + "-Dzoom.user-oauth.redirect-uri=https://broker.example/oauth/zoom/callback "
                    + "-Dzoom.user-oauth.encryption-key=" + KEY + " | openssl rand -base64 32",
            "user OAuth without a database | -Dzoom.user-oauth.client-id=app -Dzoom.user-oauth.client-secret=s "
                    + "-Dzoom.user-oauth.redirect-uri=https://broker.example/oauth/zoom/callback "
                    + "-Dzoom.user-oauth.encryption-key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= "
                    + "| QUARKUS_DATASOURCE_JDBC_URL",
            "connection events without a secret | -Dzoom.user-oauth.events-url=https://app.example/zoom-events "
                    + "| ZOOM_USER_OAUTH_EVENTS_SECRET",
            "Meeting SDK client id without a secret | -Dzoom.meeting-sdk.client-id=sdk-app "
                    + "| ZOOM_MEETING_SDK_CLIENT_SECRET",
            "Meeting SDK secret shorter than 16 characters | -Dzoom.meeting-sdk.client-id=sdk-app "
                    + "-Dzoom.meeting-sdk.client-secret=" + SHORT_SECRET + " | ZOOM_MEETING_SDK_CLIENT_SECRET" })
    void refusesToStartAndNamesTheSetting(String name, String settings, String expected) throws Exception {
        Path log = Files.createDirectories(Path.of("target", "startup-checks"))
                .resolve(name.replaceAll("[^A-Za-z0-9]+", "-") + ".log");
        List<String> command = PackagedBroker.command(0, List.of(("-Dzoom.access-token=static-token-for-startup-checks "
                + settings.trim()).split(" ")));
        Process broker = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = broker.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        assertTrue(exited, "still running after 60 s:\n" + output);
        assertNotEquals(0, broker.exitValue(), output);
        assertTrue(output.contains(expected.trim()), "names '" + expected.trim() + "':\n" + output);
        assertFalse(output.contains(KEY), "echoes the key:\n" + output);
        assertFalse(output.contains(SHORT_SECRET), "echoes the Meeting SDK secret:\n" + output);
    }
}
