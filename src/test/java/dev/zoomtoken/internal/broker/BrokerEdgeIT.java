package dev.zoomtoken.internal.broker;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The broker's edge against the packaged application. */
@QuarkusIntegrationTest
class BrokerEdgeIT extends BrokerEdgeTest {
}
