package dev.worklogbridge.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL server for tests. Each application start gets a database of its own ({@link
 * #createDatabase}), so tests never see each other's rows.
 */
public interface PostgresServer extends AutoCloseable {

  /** JDBC URL of the named database on this server. */
  String jdbcUrl(String database);

  String username();

  String password();

  String description();

  /** The server's main process, where this process can know it (the benchmarks count its CPU). */
  default OptionalLong pid() {
    return OptionalLong.empty();
  }

  @Override
  void close();

  /** Creates a fresh, empty database and returns its name. */
  default String createDatabase(String prefix) {
    String name =
        prefix + "_" + Counter.NEXT.incrementAndGet() + "_" + ProcessHandle.current().pid();
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), username(), password());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return name;
  }

  /** Numbers the databases one JVM creates. */
  final class Counter {
    static final AtomicInteger NEXT = new AtomicInteger();

    private Counter() {}
  }

  /**
   * A server of its own for the system tests, the demo and the benchmarks: the machine's PostgreSQL
   * when it is installed ({@link DebianPostgres}), else the embedded binaries.
   */
  static PostgresServer onThisMachine() {
    Optional<Path> bin = DebianPostgres.binaries();
    if (bin.isPresent()) {
      try {
        return DebianPostgres.start(bin.get(), DebianPostgres.serverDir());
      } catch (RuntimeException e) {
        System.err.println(
            "PostgreSQL from "
                + bin.get()
                + " did not start ("
                + e.getMessage()
                + "); using the embedded binaries instead");
      }
    }
    return Embedded.start();
  }

  static PostgresServer start(InfraMode mode, Map<String, String> env) {
    return switch (mode) {
      case EXTERNAL ->
          new External(
              env.get(InfraMode.JDBC_ENV),
              env.getOrDefault("WB_TEST_JDBC_USER", "postgres"),
              env.getOrDefault("WB_TEST_JDBC_PASSWORD", "postgres"));
      case CONTAINERS -> Container.start();
      case EMBEDDED -> Embedded.start();
    };
  }

  /** A server a developer runs; its URL names the maintenance database. */
  record External(String url, String username, String password) implements PostgresServer {
    @Override
    public String jdbcUrl(String database) {
      return url.substring(0, url.lastIndexOf('/') + 1) + database;
    }

    @Override
    public String description() {
      return "external PostgreSQL at " + url;
    }

    @Override
    public void close() {}
  }

  /** Zonky's embedded binaries, started as a child process: about a second. */
  final class Embedded implements PostgresServer {
    private final EmbeddedPostgres postgres;

    private Embedded(EmbeddedPostgres postgres) {
      this.postgres = postgres;
    }

    public static Embedded start() {
      try {
        return new Embedded(
            EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .start());
      } catch (IOException e) {
        throw new IllegalStateException("could not start embedded PostgreSQL", e);
      }
    }

    @Override
    public String jdbcUrl(String database) {
      return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    @Override
    public String username() {
      return "postgres";
    }

    @Override
    public String password() {
      return "postgres";
    }

    @Override
    public String description() {
      return "embedded PostgreSQL on port " + postgres.getPort();
    }

    @Override
    public void close() {
      try {
        postgres.close();
      } catch (IOException e) {
        // closing at JVM exit: nothing else to do
      }
    }
  }

  /** Testcontainers' PostgreSQL image. */
  final class Container implements PostgresServer {
    private final PostgreSQLContainer container;

    private Container(PostgreSQLContainer container) {
      this.container = container;
    }

    @SuppressWarnings("resource")
    static Container start() {
      PostgreSQLContainer container =
          new PostgreSQLContainer("postgres:" + TestVersions.POSTGRES)
              .withDatabaseName("postgres")
              .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
      container.start();
      return new Container(container);
    }

    @Override
    public String jdbcUrl(String database) {
      String url = container.getJdbcUrl();
      int slash = url.lastIndexOf('/');
      int query = url.indexOf('?', slash);
      return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    }

    @Override
    public String username() {
      return container.getUsername();
    }

    @Override
    public String password() {
      return container.getPassword();
    }

    @Override
    public String description() {
      return "PostgreSQL container at " + container.getJdbcUrl();
    }

    @Override
    public void close() {
      container.stop();
    }
  }
}
