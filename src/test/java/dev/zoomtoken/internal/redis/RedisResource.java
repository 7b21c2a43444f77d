package dev.zoomtoken.internal.redis;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a real Redis that asks for a password and switches the module to {@code zoom.shared-state=redis} on it.
 * Tests get the server through an {@link EmbeddedRedis} field.
 */
public class RedisResource implements QuarkusTestResourceLifecycleManager {

    /** Redis's password; it must never show up in logs. */
    public static final String PASSWORD = "redis-password-Tq4zN8";
    private EmbeddedRedis redis;

    @Override
    public Map<String, String> start() {
        redis = EmbeddedRedis.start(PASSWORD);
        return Map.of("zoom.shared-state", "redis", "quarkus.redis.hosts", redis.uri());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(redis, new TestInjector.MatchesType(EmbeddedRedis.class));
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.close();
        }
    }
}
