package dev.zoomtoken.internal.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged broker ({@code target/quarkus-app}) as a process of its own, on 127.0.0.1, with the test caller key:
 * for the tests that run several brokers or watch one refuse to start. With {@value #AOT_CACHE} set, with that AOT
 * cache, required ({@code -XX:AOTMode=on}).
 */
final class PackagedBroker {

    /** System property naming the AOT cache to start the broker with (the {@code aot} Maven profile sets it). */
    static final String AOT_CACHE = "zoom.test.aot-cache";

    private PackagedBroker() {
    }

    /** The command that runs the broker on {@code port} (0: any) with {@code settings} ({@code -Dname=value}). */
    static List<String> command(int port, List<String> settings) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Dmp.jwt.verify.publickey.location=" + publicKey(), "-Dmp.jwt.verify.issuer=" + CallerKeys.ISSUER));
        String aotCache = System.getProperty(AOT_CACHE);
        if (aotCache != null && !aotCache.isBlank()) {
            command.addAll(List.of("-XX:AOTMode=on", "-XX:AOTCache=" + aotCache));
        }
        command.addAll(settings);
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        return command;
    }

    /** Starts the broker on {@code port}, its output going to {@code log}. */
    static Process start(int port, Path log, List<String> settings) throws IOException {
        return start(port, log, settings, java.util.Map.of());
    }

    /** The same with {@code environment} added to the process's environment variables. */
    static Process start(int port, Path log, List<String> settings, java.util.Map<String, String> environment)
            throws IOException {
        ProcessBuilder process = new ProcessBuilder(command(port, settings)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        process.environment().putAll(environment);
        return process.start();
    }

    /** Stops them all, forcibly after 10 s each. */
    static void stopAll(List<Process> brokers) throws InterruptedException {
        for (Process broker : brokers) {
            broker.destroy();
        }
        for (Process broker : brokers) {
            if (!broker.waitFor(10, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String publicKey() {
        try {
            return Path.of(PackagedBroker.class.getClassLoader().getResource("broker/test-public-key.pem").toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
