package dev.zoomtoken.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class RenamedSettingsTest {

    @Test
    void overridesKeyedByAnOldClassNameAreFoundWithTheirNewName() {
        List<String> names = List.of(
                "quarkus.fault-tolerance.\"dev.zoomtoken.client.ZoomApiClient/getUserToken\".retry.max-retries",
                "quarkus.fault-tolerance.\"dev.zoomtoken.internal.client.ZoomApiClient/getUserToken\".timeout.value",
                "quarkus.fault-tolerance.\"dev.zoomtoken.auth.ZoomOAuthClient/requestToken\".retry.delay",
                "zoom.api-url");

        assertEquals(List.of(names.get(2), names.get(0)), RenamedSettings.renamed(names));
        assertEquals("quarkus.fault-tolerance.\"dev.zoomtoken.internal.client.ZoomApiClient/getUserToken\".retry.max-retries",
                RenamedSettings.newName(names.get(0)));
        assertEquals("quarkus.fault-tolerance.\"dev.zoomtoken.internal.auth.ZoomOAuthClient/requestToken\".retry.delay",
                RenamedSettings.newName(names.get(2)));
    }
}
