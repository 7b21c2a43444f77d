package dev.zoomtoken.internal.broker;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The broker contract against the packaged application (JVM jar, or the native binary with -Dnative). */
@QuarkusIntegrationTest
class UserTokenResourceIT extends UserTokenResourceTest {
}
