package dev.worklogbridge.simulator.gateway;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A fault injected into matching requests of one site. Rates are probabilities from 0 to 1, drawn
 * from a generator seeded with {@code seed}, so a run is reproducible. {@code times} limits the
 * rule to the first n matching requests (0: no limit).
 *
 * <ul>
 *   <li>{@code api}: tempo, jira or any; {@code method}: GET, POST... or null for all;
 *   <li>{@code path}: a regular expression on the path below the site's base, e.g. {@code
 *       /4/worklogs.*};
 *   <li>{@code errorRate} with {@code errorStatuses} (default 500, 502, 503); a 429 carries {@code
 *       Retry-After: retryAfterSeconds} when that is set;
 *   <li>{@code latencyMs} plus a uniform {@code latencyJitterMs};
 *   <li>{@code hangRate}: the request never gets an answer ({@code hangMs} later the connection
 *       closes);
 *   <li>{@code dropRate}: the connection is closed without an answer;
 *   <li>{@code lostAnswerRate}: the request is carried out (a create is stored), then its answer is
 *       lost: {@code lostAnswerStatus} (default 504) instead of the real one, or 0 to close the
 *       connection without an answer. This is what a gateway does after a write, and why a create
 *       must never be re-sent blind.
 * </ul>
 */
public final class FaultRule {
  public String api = "any";
  public String method;
  public String path = ".*";
  public double errorRate;
  public List<Integer> errorStatuses = List.of(500, 502, 503);
  public Integer retryAfterSeconds;
  public long latencyMs;
  public long latencyJitterMs;
  public double hangRate;
  public long hangMs = 120_000;
  public double dropRate;
  public double lostAnswerRate;
  public int lostAnswerStatus = 504;
  public long seed = 42;
  public int times;
  public int after;

  private transient Random random;
  private transient Pattern pattern;
  private final transient AtomicInteger applied = new AtomicInteger();
  private final transient AtomicInteger matched = new AtomicInteger();

  /** The decision for one request. */
  public enum Outcome {
    PASS,
    ERROR,
    HANG,
    DROP,
    LOSE_ANSWER
  }

  /** A decision and its parameters. */
  public record Decision(Outcome outcome, int status, long delayMs, Integer retryAfterSeconds) {}

  synchronized Decision decide(String requestApi, String requestMethod, String relativePath) {
    if (!"any".equals(api) && !api.equalsIgnoreCase(requestApi)) {
      return null;
    }
    if (method != null && !method.equalsIgnoreCase(requestMethod)) {
      return null;
    }
    if (pattern == null) {
      pattern = Pattern.compile(path);
      random = new Random(seed);
    }
    if (!pattern.matcher(relativePath).matches()) {
      return null;
    }
    if (matched.incrementAndGet() <= after) {
      return null;
    }
    if (times > 0 && applied.incrementAndGet() > times) {
      return null;
    }
    long delay =
        latencyMs + (latencyJitterMs > 0 ? (long) (random.nextDouble() * latencyJitterMs) : 0);
    double roll = random.nextDouble();
    if (roll < dropRate) {
      return new Decision(Outcome.DROP, 0, delay, null);
    }
    roll -= dropRate;
    if (roll < lostAnswerRate) {
      return new Decision(Outcome.LOSE_ANSWER, lostAnswerStatus, delay, null);
    }
    roll -= lostAnswerRate;
    if (roll < hangRate) {
      return new Decision(Outcome.HANG, 0, hangMs, null);
    }
    roll -= hangRate;
    if (roll < errorRate) {
      int status = errorStatuses.get(random.nextInt(errorStatuses.size()));
      return new Decision(Outcome.ERROR, status, delay, retryAfterSeconds);
    }
    return new Decision(Outcome.PASS, 0, delay, null);
  }
}
