package dev.zoomtoken.internal.broker;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The broker in Server-to-Server mode against the packaged application; with {@code -Daot}, the AOT cache's training.
 */
@QuarkusIntegrationTest
class ServerToServerBrokerIT extends ServerToServerBrokerTest {
}
