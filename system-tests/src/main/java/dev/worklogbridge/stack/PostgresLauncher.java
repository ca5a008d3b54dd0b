package dev.worklogbridge.stack;

import dev.worklogbridge.testkit.ManagedProcess;
import dev.worklogbridge.testkit.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * PostgreSQL for the demo and the system tests: the machine's own server binaries (Debian's
 * postgresql package) run as a process of their own when installed, else the embedded binaries.
 */
public final class PostgresLauncher {

  private PostgresLauncher() {}

  /** A running server with a database for the bridge. */
  public interface Running extends AutoCloseable {
    String jdbcUrl();

    String username();

    String password();

    String description();

    @Override
    void close();
  }

  public static Running start(Path dir) {
    Optional<Path> bin = debianBinaries();
    if (bin.isPresent()) {
      try {
        return Debian.start(bin.get(), serverDir());
      } catch (RuntimeException e) {
        System.err.println(
            "PostgreSQL from "
                + bin.get()
                + " did not start ("
                + e.getMessage()
                + "); using the embedded binaries instead");
      }
    }
    PostgresServer embedded = PostgresServer.Embedded.start();
    String db = embedded.createDatabase("worklog_bridge");
    return new Running() {
      public String jdbcUrl() {
        return embedded.jdbcUrl(db);
      }

      public String username() {
        return embedded.username();
      }

      public String password() {
        return embedded.password();
      }

      public String description() {
        return embedded.description() + " (embedded binaries)";
      }

      public void close() {
        embedded.close();
      }
    };
  }

  /**
   * A fresh directory the postgres user can reach: the checkout may sit below a directory only its
   * owner may enter (a {@code mktemp -d}), so the server's files go to the system temp directory.
   */
  static Path serverDir() {
    try {
      Path dir = Files.createTempDirectory("worklog-bridge-pg-");
      Files.setPosixFilePermissions(
          dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Optional<Path> debianBinaries() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.naturalOrder());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Debian's server, initialised in a fresh directory, as the postgres user when we are root. */
  static final class Debian implements Running {
    private final Path bin;
    private final Path data;
    private final int port;
    private final boolean asPostgres;

    private Debian(Path bin, Path data, int port, boolean asPostgres) {
      this.bin = bin;
      this.data = data;
      this.port = port;
      this.asPostgres = asPostgres;
    }

    static Debian start(Path bin, Path dir) {
      boolean root = "root".equals(System.getProperty("user.name"));
      Path data = dir.resolve("pgdata");
      int port = ManagedProcess.freePort();
      Debian pg = new Debian(bin, data, port, root);
      try {
        Files.createDirectories(dir);
        if (root) {
          run(List.of("chown", "postgres:postgres", dir.toString()), dir);
        }
        pg.run(
            dir,
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8");
        pg.run(
            dir,
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            dir.resolve("postgres.log").toString(),
            "-o",
            "-p "
                + port
                + " -k "
                + dir
                + " -c listen_addresses=localhost -c fsync=off -c max_connections=200",
            "-w",
            "start");
        try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "")) {
          c.createStatement().execute("CREATE DATABASE worklog_bridge");
        }
        return pg;
      } catch (Exception e) {
        throw new IllegalStateException(
            "could not start PostgreSQL from " + bin + ": " + e.getMessage(), e);
      }
    }

    private void run(Path dir, String... command) {
      List<String> full = new ArrayList<>();
      if (asPostgres) {
        full.addAll(List.of("runuser", "-u", "postgres", "--"));
      }
      full.addAll(List.of(command));
      run(full, dir);
    }

    private static void run(List<String> command, Path dir) {
      ManagedProcess p =
          new ManagedProcess(
                  Path.of(command.get(command.size() - 1)).getFileName().toString(),
                  command,
                  Map.of(),
                  dir.resolve("setup.log"))
              .start();
      if (!p.waitForExit(Duration.ofSeconds(60)) || p.exitCode() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed; see " + p.log());
      }
    }

    public String jdbcUrl() {
      return "jdbc:postgresql://localhost:" + port + "/worklog_bridge";
    }

    public String username() {
      return "postgres";
    }

    public String password() {
      return "postgres";
    }

    public String description() {
      return "PostgreSQL from " + bin + " on port " + port;
    }

    public void close() {
      try {
        run(
            data.getParent(),
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-m",
            "fast",
            "stop");
      } catch (RuntimeException e) {
        // already stopped
      }
    }
  }

  static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
