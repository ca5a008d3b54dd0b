package dev.worklogbridge.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The simulator (a Quarkus application) run as a child process on a port of its own. */
public final class SimulatorProcess implements AutoCloseable {

  private final ManagedProcess process;
  private final int port;

  private SimulatorProcess(ManagedProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * The built simulator: {@code -Dwb.simulator.jar=...} or {@code simulator/target/quarkus-app}.
   */
  public static Path locateJar() {
    String configured = System.getProperty("wb.simulator.jar");
    return configured != null ? Path.of(configured) : ProjectLayout.quarkusApp("simulator");
  }

  /**
   * Starts it; {@code port} 0 picks a free one; {@code seedFile} may be null. Waits until it
   * answers.
   */
  public static SimulatorProcess start(Path jar, int port, Path seedFile) {
    int actualPort = port == 0 ? ManagedProcess.freePort() : port;
    List<String> command = new ArrayList<>();
    command.add(ManagedProcess.javaBinary());
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-Dquarkus.http.port=" + actualPort);
    if (seedFile != null) {
      command.add("-Dsimulator.seed-file=" + seedFile.toAbsolutePath());
    }
    command.add("-jar");
    command.add(jar.toString());
    Path log = jar.getParent().getParent().resolve("simulator-" + actualPort + ".log");
    ManagedProcess process = new ManagedProcess("simulator", command, Map.of(), log).start();
    process.awaitHttpOk("http://localhost:" + actualPort + "/_sim/ping", Duration.ofSeconds(60));
    return new SimulatorProcess(process, actualPort);
  }

  public String baseUrl() {
    return "http://localhost:" + port;
  }

  public int port() {
    return port;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public SimulatorClient client() {
    return new SimulatorClient(baseUrl());
  }

  @Override
  public void close() {
    process.stop(Duration.ofSeconds(5));
  }
}
