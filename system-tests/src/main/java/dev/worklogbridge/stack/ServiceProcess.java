package dev.worklogbridge.stack;

import dev.worklogbridge.testkit.ManagedProcess;
import dev.worklogbridge.testkit.ProjectLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One of the packaged services (its fast-jar) as a process, configured with system properties. */
public final class ServiceProcess implements AutoCloseable {

  /** The JVM options the services run with here (the Helm chart's default {@code jvmOptions}). */
  public static final List<String> JVM_OPTIONS =
      List.of(
          "-Xmx160m",
          "-Xss512k",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-XX:ReservedCodeCacheSize=48m",
          "-XX:MaxMetaspaceSize=128m",
          "-XX:MaxDirectMemorySize=32m",
          "-XX:+ExitOnOutOfMemoryError",
          // Java priorities become Linux niceness: a backlog's threads run at nice 10
          // (BacklogThreads), every other thread at 0, the JVM's own ones too (as a pod without
          // privileges runs them; as root the JVM would raise them above the rest).
          "-XX:ThreadPriorityPolicy=1",
          "-XX:JavaPriority1_To_OSPriority=10",
          "-XX:JavaPriority6_To_OSPriority=0",
          "-XX:JavaPriority7_To_OSPriority=0",
          "-XX:JavaPriority8_To_OSPriority=0",
          "-XX:JavaPriority9_To_OSPriority=0",
          "-XX:JavaPriority10_To_OSPriority=0");

  /**
   * The environment the services run with (the Helm chart sets the same): glibc's malloc keeps an
   * arena per thread by default, tens of MB of RSS the JVM does not need.
   */
  public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

  /** The class archive Quarkus' build writes beside the launcher (the services enable it). */
  static final String APP_CDS = "app-cds.jsa";

  private final String module;
  private final int port;
  private final int managementPort;
  private final ManagedProcess process;

  private ServiceProcess(String module, int port, int managementPort, ManagedProcess process) {
    this.module = module;
    this.port = port;
    this.managementPort = managementPort;
    this.process = process;
  }

  public static ServiceProcess start(String module, Path dir, Map<String, String> config) {
    return start(module, dir, config, ManagedProcess.freePort());
  }

  public static ServiceProcess start(
      String module, Path dir, Map<String, String> config, int port) {
    List<String> command = new ArrayList<>();
    command.add(ManagedProcess.javaBinary());
    // A small, steady footprint: the services keep little in memory (state is in PostgreSQL).
    command.addAll(JVM_OPTIONS);
    // Extra options for one run (a profiler, for example), never needed by the tests.
    String extra = System.getenv("WORKLOG_BRIDGE_SERVICE_JVM_OPTIONS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().replace("{module}", module).split("\\s+")));
    }
    command.add("-Dquarkus.http.port=" + port);
    int managementPort = ManagedProcess.freePort();
    command.add("-Dquarkus.management.port=" + managementPort);
    new TreeMap<>(config).forEach((k, v) -> command.add("-D" + k + "=" + v));
    Path jar = ProjectLayout.quarkusApp(module);
    Path app = jar.getParent();
    // Started in its application's directory: the build's class archive (AppCDS) holds the class
    // path as the build ran it, relative to there, and only such a JVM on the same JDK maps it
    // (any other JDK ignores it with a warning and starts as without).
    if (Files.exists(app.resolve(APP_CDS))) {
      command.add("-XX:SharedArchiveFile=" + APP_CDS);
    }
    command.add("-jar");
    command.add(jar.getFileName().toString());
    ManagedProcess p =
        new ManagedProcess(module, command, ENVIRONMENT, dir.resolve(module + ".log"))
            .in(app)
            .start();
    ServiceProcess s = new ServiceProcess(module, port, managementPort, p);
    s.awaitUp();
    return s;
  }

  private void awaitUp() {
    process.awaitHttpOk(managementUrl() + "/q/health/live", Duration.ofSeconds(90));
  }

  /** The public port: /api/v1 and the webhooks. */
  public String url() {
    return "http://localhost:" + port;
  }

  /** The management interface: /q/health, /q/metrics, /q/openapi. */
  public String managementUrl() {
    return "http://localhost:" + managementPort;
  }

  public int port() {
    return port;
  }

  public ManagedProcess process() {
    return process;
  }

  /** SIGKILL, as in a crash. */
  public void kill() {
    process.kill();
  }

  /** Starts the same command again (same port, same configuration). */
  public void restart() {
    process.start();
    awaitUp();
  }

  public String module() {
    return module;
  }

  @Override
  public void close() {
    process.stop(Duration.ofSeconds(15));
  }
}
