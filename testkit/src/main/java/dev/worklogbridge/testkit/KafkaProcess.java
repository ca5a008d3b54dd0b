package dev.worklogbridge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker as a process of its own (KRaft, one combined broker+controller), started from
 * the Maven-resolved jars: {@code StorageTool format --standalone}, then {@code kafka.Kafka}. The
 * system tests, the demo and the benchmarks run on it, because their drills stop and restart it; it
 * has the same single-node settings as the other brokers ({@link KafkaBroker#SINGLE_NODE}).
 */
public final class KafkaProcess implements KafkaBroker {

  private final ManagedProcess process;
  private final int port;

  private KafkaProcess(ManagedProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static KafkaProcess start(Path dir, String classpath) {
    int port = ManagedProcess.freePort();
    int controller = ManagedProcess.freePort();
    try {
      Files.createDirectories(dir);
      Path config = dir.resolve("server.properties");
      List<String> settings =
          new ArrayList<>(
              List.of(
                  "process.roles=broker,controller",
                  "node.id=1",
                  "listeners=PLAINTEXT://localhost:"
                      + port
                      + ",CONTROLLER://localhost:"
                      + controller,
                  "advertised.listeners=PLAINTEXT://localhost:" + port,
                  "controller.listener.names=CONTROLLER",
                  "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                  "controller.quorum.bootstrap.servers=localhost:" + controller,
                  "log.dirs=" + dir.resolve("data")));
      new TreeMap<>(SINGLE_NODE).forEach((k, v) -> settings.add(k + "=" + v));
      Files.writeString(config, String.join("\n", settings) + "\n");
      String java = ManagedProcess.javaBinary();
      ManagedProcess format =
          new ManagedProcess(
                  "kafka-format",
                  List.of(
                      java,
                      "-cp",
                      classpath,
                      "kafka.tools.StorageTool",
                      "format",
                      "--standalone",
                      "-t",
                      Uuid.randomUuid().toString(),
                      "-c",
                      config.toString()),
                  Map.of(),
                  dir.resolve("format.log"))
              .start();
      if (!format.waitForExit(Duration.ofSeconds(60)) || format.exitCode() != 0) {
        throw new IllegalStateException(
            "formatting the Kafka log directory failed; see " + format.log());
      }
      ManagedProcess broker =
          new ManagedProcess(
                  "kafka",
                  List.of(
                      java,
                      "-Xmx512m",
                      "-XX:+UseSerialGC",
                      "-cp",
                      classpath,
                      "kafka.Kafka",
                      config.toString()),
                  Map.of(),
                  dir.resolve("kafka.log"))
              .start();
      KafkaProcess kafka = new KafkaProcess(broker, port);
      kafka.awaitReady(Duration.ofSeconds(60));
      return kafka;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the Kafka broker exited during start-up; see " + process.log());
      }
      try (Admin admin = Admin.create(p)) {
        admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        sleep(300);
      }
    }
    throw new IllegalStateException(
        "the Kafka broker did not come up in " + timeout + "; see " + process.log());
  }

  @Override
  public String bootstrapServers() {
    return "localhost:" + port;
  }

  @Override
  public String description() {
    return "Kafka broker process at " + bootstrapServers();
  }

  public ManagedProcess process() {
    return process;
  }

  /** Stops the broker (SIGTERM) and starts it again on the same port and data. */
  public void restart() {
    process.stop(Duration.ofSeconds(30));
    process.start();
    awaitReady(Duration.ofSeconds(60));
  }

  public void stop() {
    process.stop(Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    stop();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
