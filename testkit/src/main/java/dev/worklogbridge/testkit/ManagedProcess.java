package dev.worklogbridge.testkit;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process the tests or the demo run: a Java program with its output in a log file, started
 * and stopped as an operator would (SIGTERM), or killed (SIGKILL) for crash drills.
 */
public class ManagedProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path log;
  private Path directory;
  private Process process;

  public ManagedProcess(
      String name, List<String> command, Map<String, String> environment, Path log) {
    this.name = name;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.log = log;
  }

  /** Runs the process in {@code directory} instead of this one's working directory. */
  public ManagedProcess in(Path directory) {
    this.directory = directory;
    return this;
  }

  /** The {@code java} of the JVM running this code, so children run on the same JDK. */
  public static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A free TCP port on localhost (free now; a race with another process is unlikely). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  public ManagedProcess start() {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      if (directory != null) {
        builder.directory(directory.toFile());
      }
      builder.redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      process = builder.start();
      return this;
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + name + ": " + e.getMessage(), e);
    }
  }

  /** Waits until {@code url} answers 200, or fails naming the log to read. */
  public ManagedProcess awaitHttpOk(String url, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " during start-up; see " + log);
      }
      try {
        HttpResponse<Void> response =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + name, e);
      }
      sleep(100);
    }
    throw new IllegalStateException(
        name + " did not answer " + url + " in " + timeout + "; see " + log);
  }

  /** Waits for the process to end; false when it is still running after {@code timeout}. */
  public boolean waitForExit(Duration timeout) {
    return waitFor(timeout);
  }

  public int exitCode() {
    return process.exitValue();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public String name() {
    return name;
  }

  /** SIGKILL: no shutdown hook, no flush, as in a crash. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitFor(Duration.ofSeconds(10));
    }
  }

  /** SIGTERM, then SIGKILL after the grace period. */
  public void stop(Duration grace) {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!waitFor(grace)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      kill();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The command line, for a readable failure. */
  public List<String> command() {
    return new ArrayList<>(command);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
