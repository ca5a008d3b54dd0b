package dev.worklogbridge.testkit;

import java.util.Map;
import java.util.logging.Logger;
import org.testcontainers.DockerClientFactory;

/**
 * The Kafka broker and PostgreSQL server of one test JVM, started on first use and stopped when the
 * JVM exits. Every Quarkus application a test starts shares them, each with its own database.
 */
public final class SharedInfrastructure {

  private static final Logger LOG = Logger.getLogger(SharedInfrastructure.class.getName());

  private static KafkaBroker kafka;
  private static PostgresServer postgres;
  private static SimulatorProcess simulator;
  private static Boolean docker;

  private SharedInfrastructure() {}

  public static synchronized KafkaBroker kafka() {
    if (kafka == null) {
      long start = System.nanoTime();
      kafka = KafkaBroker.start(mode(InfraMode.KAFKA_ENV), System.getenv());
      onExit(kafka);
      LOG.info(() -> "testkit: " + kafka.description() + " in " + millis(start) + " ms");
    }
    return kafka;
  }

  public static synchronized PostgresServer postgres() {
    if (postgres == null) {
      long start = System.nanoTime();
      postgres = PostgresServer.start(mode(InfraMode.JDBC_ENV), System.getenv());
      onExit(postgres);
      LOG.info(() -> "testkit: " + postgres.description() + " in " + millis(start) + " ms");
    }
    return postgres;
  }

  /** The simulator, as a process of its own (it is a Quarkus application). */
  public static synchronized SimulatorProcess simulator() {
    if (simulator == null || !simulator.isAlive()) {
      simulator = SimulatorProcess.start(SimulatorProcess.locateJar(), 0, null);
      onExit(simulator);
    }
    return simulator;
  }

  private static InfraMode mode(String externalVariable) {
    Map<String, String> env = System.getenv();
    return InfraMode.choose(env, externalVariable, SharedInfrastructure::dockerAvailable);
  }

  private static synchronized boolean dockerAvailable() {
    if (docker == null) {
      try {
        docker = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        docker = false;
      }
    }
    return docker;
  }

  /**
   * Closes at JVM exit, but never for long: a broker or database that is slow to stop (a busy
   * machine) must not hold the test JVM past surefire's exit timeout, which fails the build after
   * every test passed. Their files are temporary either way.
   */
  private static void onExit(AutoCloseable closeable) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  Thread closer =
                      new Thread(
                          () -> {
                            try {
                              closeable.close();
                            } catch (Exception e) {
                              // the JVM is going away
                            }
                          },
                          "testkit-close");
                  closer.setDaemon(true);
                  closer.start();
                  try {
                    closer.join(10_000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
