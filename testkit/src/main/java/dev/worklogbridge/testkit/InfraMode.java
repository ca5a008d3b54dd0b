package dev.worklogbridge.testkit;

import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Where a test's Kafka broker or PostgreSQL server comes from: a server a developer names in the
 * environment, Testcontainers where Docker runs, else an embedded one in this JVM. Never "skip".
 */
public enum InfraMode {
  EXTERNAL,
  CONTAINERS,
  EMBEDDED;

  /** Forces a mode for all components: {@code containers} or {@code embedded}. */
  public static final String FORCE_ENV = "WB_TEST_INFRA";

  /** A running Kafka broker to use instead of starting one, e.g. {@code localhost:9092}. */
  public static final String KAFKA_ENV = "WB_TEST_KAFKA_BOOTSTRAP";

  /** A running PostgreSQL to use: {@code jdbc:postgresql://host:5432/postgres}. */
  public static final String JDBC_ENV = "WB_TEST_JDBC_URL";

  /**
   * Decides for one component. {@code externalVariable} names the variable that points at an
   * external server; Docker is asked only when it matters, since asking costs up to half a second.
   */
  public static InfraMode choose(
      Map<String, String> env, String externalVariable, BooleanSupplier dockerAvailable) {
    String external = env.get(externalVariable);
    if (external != null && !external.isBlank()) {
      return EXTERNAL;
    }
    String forced = env.getOrDefault(FORCE_ENV, "").trim().toLowerCase(Locale.ROOT);
    switch (forced) {
      case "" -> {
        return dockerAvailable.getAsBoolean() ? CONTAINERS : EMBEDDED;
      }
      case "containers" -> {
        if (!dockerAvailable.getAsBoolean()) {
          throw new IllegalStateException(
              FORCE_ENV + "=containers but no Docker engine answers; unset it to run embedded");
        }
        return CONTAINERS;
      }
      case "embedded" -> {
        return EMBEDDED;
      }
      default ->
          throw new IllegalArgumentException(
              FORCE_ENV + " must be 'containers' or 'embedded', not '" + forced + "'");
    }
  }
}
