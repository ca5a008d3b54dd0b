package dev.worklogbridge.stack;

import dev.worklogbridge.testkit.KafkaProcess;
import dev.worklogbridge.testkit.ManagedProcess;
import dev.worklogbridge.testkit.PostgresServer;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.SimulatorProcess;
import dev.worklogbridge.testkit.TwoSites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The whole product as its users run it: PostgreSQL, a Kafka broker process, the simulator with the
 * sites of a {@link World} ({@link TwoSites} unless told), and the outbound and inbound services as
 * processes, each serving every site and connection of that world. Closing it stops everything,
 * children first.
 */
public final class Stack implements AutoCloseable {

  private final Path dir;
  private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
  private PostgresServer postgres;
  private String database;
  private KafkaProcess kafka;
  private SimulatorProcess simulator;
  private ServiceProcess outbound;
  private ServiceProcess inbound;
  private Map<String, String> serviceConfig;
  private World world;

  private Stack(Path dir) {
    this.dir = dir;
  }

  /** Starts everything; {@code say} hears about each step. */
  public static Stack start(
      Path dir, String kafkaClasspath, Map<String, String> extraConfig, Consumer<String> say) {
    return start(dir, kafkaClasspath, extraConfig, say, World.twoSites());
  }

  /** Starts everything in {@code world}: its sites seeded, its connections served. */
  public static Stack start(
      Path dir,
      String kafkaClasspath,
      Map<String, String> extraConfig,
      Consumer<String> say,
      World world) {
    Stack s = new Stack(dir);
    s.world = world;
    try {
      if (Files.exists(dir)) {
        deleteQuietly(dir);
      }
      Files.createDirectories(dir);
      long t0 = System.nanoTime();
      s.postgres = PostgresServer.onThisMachine();
      s.started.add(s.postgres);
      s.database = s.postgres.createDatabase("worklog_bridge");
      say.accept("PostgreSQL     " + s.postgres.description());
      s.kafka = KafkaProcess.start(dir.resolve("kafka"), kafkaClasspath);
      s.started.add(s.kafka);
      say.accept("Kafka          " + s.kafka.description());
      Path seed = dir.resolve("seed.json");
      Files.writeString(seed, world.seed().get().toPrettyString());
      s.simulator = SimulatorProcess.start(SimulatorProcess.locateJar(), 0, seed);
      s.started.add(s.simulator);
      say.accept("Simulator      " + s.simulator.baseUrl() + "  (" + world.description() + ")");
      s.serviceConfig = s.config(extraConfig);
      int outboundPort = ManagedProcess.freePort();
      Map<String, String> outboundConfig = only(s.serviceConfig, extraConfig, "outbound:");
      outboundConfig.put("bridge.outbound.public-url", "http://localhost:" + outboundPort);
      s.outbound = ServiceProcess.start("outbound-service", dir, outboundConfig, outboundPort);
      s.started.add(s.outbound);
      say.accept("Outbound       " + s.outbound.url());
      Map<String, String> inboundConfig = only(s.serviceConfig, extraConfig, "inbound:");
      // The console shows the watcher beside the writers and starts backfills through it.
      inboundConfig.put("bridge.inbound.console-outbounds.outbound", s.outbound.url());
      s.inbound = ServiceProcess.start("inbound-service", dir, inboundConfig);
      s.started.add(s.inbound);
      say.accept("Inbound        " + s.inbound.url());
      say.accept(String.format("Up in %.1f s; logs in %s", (System.nanoTime() - t0) / 1e9, dir));
      return s;
    } catch (IOException e) {
      s.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** The common configuration plus the keys given as {@code <prefix>key=value} for one service. */
  private static Map<String, String> only(
      Map<String, String> common, Map<String, String> extra, String prefix) {
    Map<String, String> c = new LinkedHashMap<>(common);
    extra.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            c.put(k.substring(prefix.length()), v);
          }
        });
    return c;
  }

  private Map<String, String> config(Map<String, String> extra) {
    Map<String, String> c =
        new LinkedHashMap<>(world.config().apply(simulator.baseUrl(), dir.resolve("tokens")));
    c.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    c.put("quarkus.datasource.jdbc.url", jdbcUrl());
    c.put("quarkus.datasource.username", postgres.username());
    c.put("quarkus.datasource.password", postgres.password());
    c.put("quarkus.log.file.enabled", "false");
    extra.forEach(
        (k, v) -> {
          if (!k.startsWith("outbound:") && !k.startsWith("inbound:")) {
            c.put(k, v);
          }
        });
    return c;
  }

  public SimulatorClient simulator() {
    return simulator.client();
  }

  public ServiceProcess outbound() {
    return outbound;
  }

  public ServiceProcess inbound() {
    return inbound;
  }

  public KafkaProcess kafka() {
    return kafka;
  }

  public String jdbcUrl() {
    return postgres.jdbcUrl(database);
  }

  /** The main process of each part, by name (the benchmarks read their CPU from these). */
  public Map<String, Long> processes() {
    Map<String, Long> p = new LinkedHashMap<>();
    p.put("outbound", outbound.process().pid());
    p.put("inbound", inbound.process().pid());
    p.put("kafka", kafka.process().pid());
    postgres.pid().ifPresent(pid -> p.put("postgresql", pid));
    p.put("simulator", simulator.pid());
    return p;
  }

  public Path dir() {
    return dir;
  }

  public Map<String, String> serviceConfig() {
    return serviceConfig;
  }

  /** The classpath file the build writes for the Kafka broker process. */
  public static String kafkaClasspath(Path systemTestsTarget) {
    try {
      return Files.readString(systemTestsTarget.resolve("classpath.txt")).trim();
    } catch (IOException e) {
      throw new IllegalStateException(
          systemTestsTarget.resolve("classpath.txt")
              + " is missing: build with ./mvnw -pl system-tests -am package -DskipTests",
          e);
    }
  }

  private static void deleteQuietly(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Override
  public void close() {
    List<AutoCloseable> reverse = new ArrayList<>(started);
    Collections.reverse(reverse);
    for (AutoCloseable c : reverse) {
      try {
        c.close();
      } catch (Exception e) {
        // keep stopping the others
      }
    }
    started.clear();
  }
}
