package dev.worklogbridge.runtime.site;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Configuration that a site refuses at run time (a remote-key field that does not exist, a JQL the
 * site will not run...). Each problem is logged once at WARN, shown by the status API and in the
 * readiness data, and cleared when the same thing works again. Work that does not depend on it goes
 * on: a problem here is a detail to fix, not an outage.
 */
@ApplicationScoped
public class ConfigurationProblems {

  /** What is wrong, and since when. */
  public record Problem(String reason, Instant since) {}

  private final Map<String, Problem> problems = new ConcurrentHashMap<>();

  /** {@code where} names the configuration, e.g. {@code acme/jcb pairing customfield_10050}. */
  public void report(String where, String reason) {
    if (problems.putIfAbsent(where, new Problem(reason, Instant.now())) == null) {
      Log.warnf("Configuration problem at %s: %s", where, reason);
    }
  }

  public void resolved(String where) {
    if (problems.remove(where) != null) {
      Log.infof("Configuration problem at %s is gone", where);
    }
  }

  /** where to problem, sorted. */
  public Map<String, Problem> all() {
    return new TreeMap<>(problems);
  }
}
