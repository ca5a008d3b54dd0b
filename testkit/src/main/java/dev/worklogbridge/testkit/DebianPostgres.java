package dev.worklogbridge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The machine's own PostgreSQL server (Debian's postgresql package), initialised in a fresh
 * directory and run as a process of its own, as the postgres user when we are root. The system
 * tests, the demo and the benchmarks use it when it is installed ({@link
 * PostgresServer#onThisMachine}).
 */
public final class DebianPostgres implements PostgresServer {
  private final Path bin;
  private final Path data;
  private final int port;
  private final boolean asPostgres;

  private DebianPostgres(Path bin, Path data, int port, boolean asPostgres) {
    this.bin = bin;
    this.data = data;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  static DebianPostgres start(Path bin, Path dir) {
    boolean root = "root".equals(System.getProperty("user.name"));
    Path data = dir.resolve("pgdata");
    int port = ManagedProcess.freePort();
    DebianPostgres pg = new DebianPostgres(bin, data, port, root);
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

  @Override
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database;
  }

  @Override
  public String username() {
    return "postgres";
  }

  @Override
  public String password() {
    return "postgres";
  }

  /** The postmaster, from the first line of its {@code postmaster.pid}. */
  @Override
  public OptionalLong pid() {
    try {
      return OptionalLong.of(
          Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim()));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public String description() {
    return "PostgreSQL from " + bin + " on port " + port;
  }

  @Override
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

  /** The newest of the machine's PostgreSQL server binaries (Debian's postgresql package). */
  static Optional<Path> binaries() {
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
}
