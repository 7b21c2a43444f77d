package dev.zoomtoken.internal.redis;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.zoomtoken.Poll;
import dev.zoomtoken.internal.metrics.ZoomMetrics;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.redis.client.RedisOptions;

/**
 * A real {@code redis-server} for tests, on 127.0.0.1 and a free port, with no persistence. The binary is the one on
 * {@code PATH} when there is one, else the Linux build inside the {@code com.github.codemonstur:embedded-redis} jar,
 * so a fresh machine needs no install step. {@link #command} is a tiny synchronous client for checks and faults.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private static final String BUNDLED = "/redis-server-6.2.6-v5-linux-amd64";

    private final int port;
    private final String password;
    private Process process;

    private EmbeddedRedis(int port, String password) {
        this.port = port;
        this.password = password;
    }

    /** Starts a server on a free port. */
    public static EmbeddedRedis start() {
        return start(null);
    }

    /** Starts a server on a free port that asks for {@code password} (none when null). */
    public static EmbeddedRedis start(String password) {
        EmbeddedRedis redis = new EmbeddedRedis(freePort(), password);
        redis.startProcess();
        return redis;
    }

    /** {@code redis://[:password@]127.0.0.1:port}, for {@code quarkus.redis.hosts}. */
    public String uri() {
        return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /**
     * A {@link RedisStore} with a Redis client and connection pool of its own, as one replica would have.
     */
    public RedisStore newStore(Vertx vertx, Duration timeout, ZoomMetrics metrics) {
        return newStore(vertx, uri(), timeout, metrics);
    }

    /**
     * Creates the Redis user of the README's ACL line (its keys and the commands the module and its scripts run) and
     * returns a URI that connects as it.
     */
    public String restrictedUserUri() {
        List<String> acl = new ArrayList<>(List.of("ACL", "SETUSER", "zoom-user-token"));
        acl.addAll(List.of(MODULE_ACL.split(" ")));
        Object reply = command(acl.toArray(String[]::new));
        if (!"OK".equals(reply)) {
            throw new IllegalStateException("ACL SETUSER failed: " + reply);
        }
        return "redis://zoom-user-token:acl-password-3Jd8@127.0.0.1:" + port;
    }

    /** The rules of the README's {@code ACL SETUSER zoom-user-token ...} line. */
    public static final String MODULE_ACL = "on >acl-password-3Jd8 ~zoom-user-token:* resetchannels -@all +@connection "
            + "+evalsha +script|load +time +get +set +del +hget +hset +hmget +zadd +zscore +zrange +zcard "
            + "+zremrangebyscore "
            + "+pexpire";

    /** As {@link #newStore(Vertx, Duration, ZoomMetrics)}, connecting to {@code uri}. */
    public RedisStore newStore(Vertx vertx, String uri, Duration timeout, ZoomMetrics metrics) {
        return new RedisStore(true, timeout, commands(vertx, uri), metrics);
    }

    /** Commands sent by a Vert.x Redis client of its own (a pool, like the Quarkus client's) to {@code uri}. */
    public RedisStore.Commands commands(Vertx vertx, String uri) {
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(uri).setMaxPoolSize(8)
                .setMaxPoolWaiting(2048));
        return (command, args) -> {
            Request request = Request.cmd(Command.create(command));
            for (String arg : args) {
                request.arg(arg);
            }
            return client.send(request);
        };
    }

    /** Stops the server (its data is lost); {@link #restart()} brings an empty one back on the same port. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the server again on the same port, empty. */
    public synchronized void restart() {
        stop();
        startProcess();
    }

    @Override
    public void close() {
        stop();
    }

    /** Sends one command and returns the reply: a String, Long, null, or a List of those; errors as "ERR..." text. */
    public Object command(String... args) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (password != null) {
                write(out, "AUTH", password);
                read(in);
            }
            write(out, args);
            return read(in);
        } catch (IOException e) {
            throw new IllegalStateException("Redis on port " + port + " did not answer " + args[0], e);
        }
    }

    /** Every key with its type and its values as text: what an operator with read access would see. */
    public List<String> dump() {
        List<String> lines = new ArrayList<>();
        Object keys = command("KEYS", "*");
        for (Object key : (List<?>) keys) {
            String name = (String) key;
            String type = (String) command("TYPE", name);
            Object value = switch (type) {
                case "string" -> command("GET", name);
                case "hash" -> command("HGETALL", name);
                case "zset" -> command("ZRANGE", name, "0", "-1", "WITHSCORES");
                case "list" -> command("LRANGE", name, "0", "-1");
                case "set" -> command("SMEMBERS", name);
                default -> "?";
            };
            lines.add(name + " (" + type + ") = " + value);
        }
        return lines;
    }

    private void startProcess() {
        List<String> command = new ArrayList<>(List.of(binary().toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        try {
            Path log = Files.createDirectories(Path.of("target", "embedded-redis")).resolve("redis-" + port + ".log");
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + command.get(0), e);
        }
        Poll.until(() -> "redis-server answers PING on port " + port, Duration.ofSeconds(10), Duration.ofMillis(50),
                () -> {
                    try {
                        if ("PONG".equals(command("PING"))) {
                            return true;
                        }
                    } catch (IllegalStateException notYet) {
                        // still starting
                    }
                    if (!process.isAlive()) {
                        throw new IllegalStateException("redis-server exited with " + process.exitValue()
                                + "; see target/embedded-redis/redis-" + port + ".log");
                    }
                    return false;
                });
    }

    /** The redis-server on PATH, else the one bundled in the embedded-redis jar (extracted once). */
    public static synchronized Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path target = Path.of("target", "embedded-redis", "redis-server-6.2.6").toAbsolutePath();
        if (Files.isExecutable(target)) {
            return target;
        }
        try (InputStream bundled = EmbeddedRedis.class.getResourceAsStream(BUNDLED)) {
            if (bundled == null) {
                throw new IllegalStateException("No redis-server on PATH and " + BUNDLED + " not on the classpath");
            }
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling("redis-server.partial");
            Files.copy(bundled, partial, StandardCopyOption.REPLACE_EXISTING);
            partial.toFile().setExecutable(true);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("Could not extract the bundled redis-server", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(OutputStream out, String... args) throws IOException {
        StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        return switch (type) {
            case '+' -> line;
            case '-' -> line;
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] bytes = in.readNBytes(length);
                line(in);
                yield new String(bytes, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    yield null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                yield items;
            }
            default -> throw new IOException("Unexpected Redis reply type " + type);
        };
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }
}
