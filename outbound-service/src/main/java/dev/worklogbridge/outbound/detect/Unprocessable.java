package dev.worklogbridge.outbound.detect;

import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.store.LineageHistory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.DateTimeException;
import java.util.List;

/**
 * Worklogs a site holds that the bridge cannot process: their data breaks a rule (the event schema,
 * a column), so trying again would fail again. Each is recorded in its lineage's history (and so in
 * the status) with the reason, counted, and passed over; the site goes on. A failure of Kafka, the
 * database or a site is not the worklog's fault and is never recorded here.
 */
@ApplicationScoped
public class Unprocessable {

  /** History actions that need a person's attention, shown in the status. */
  public static final String UNPROCESSABLE = "UNPROCESSABLE";

  public static final String MARKER_IGNORED = "MARKER_IGNORED";
  public static final String DELETED_BEFORE_SEEN = "DELETED_BEFORE_SEEN";
  public static final List<String> ATTENTION =
      List.of(UNPROCESSABLE, MARKER_IGNORED, DELETED_BEFORE_SEEN);

  @Inject Connections connections;
  @Inject MeterRegistry metrics;

  /** Whether {@code e} comes from the worklog's data (the same worklog would fail again). */
  static boolean isWorklogsFault(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException
          || t instanceof DateTimeException
          || t instanceof ArithmeticException
          || t instanceof NullPointerException
          || t instanceof org.hibernate.exception.DataException
          || t instanceof org.hibernate.exception.ConstraintViolationException) {
        return true;
      }
    }
    return false;
  }

  /** Records the worklog as unprocessable for every connection it flows in. */
  void record(String site, TempoWorklog w, String via, Throwable why) {
    String lineage = SightingLookup.ownLineage(site, w);
    String detail =
        site
            + ":"
            + w.tempoWorklogId()
            + " (updated "
            + w.updatedAt()
            + ") was passed over: "
            + reason(why);
    boolean recorded =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  boolean any = false;
                  for (Connections.View c : connections.including(site)) {
                    // A poll re-reads its overlap: the same state of the same worklog once only.
                    if (c.flowsFrom(site) && !known(c.name(), site, lineage, detail)) {
                      LineageHistory.record(c.name(), site, lineage, UNPROCESSABLE, detail);
                      any = true;
                    }
                  }
                  return any;
                });
    if (recorded) {
      metrics.counter("worklog_bridge_worklogs_unprocessable", "site", site).increment();
      Log.warnf("%s (seen by %s)", detail, via);
    }
  }

  private static boolean known(String connection, String site, String lineage, String detail) {
    return LineageHistory.count(
            "connection = ?1 and site = ?2 and lineage = ?3 and action = ?4 and detail = ?5",
            connection,
            site,
            lineage,
            UNPROCESSABLE,
            detail.length() > 2048 ? detail.substring(0, 2048) : detail)
        > 0;
  }

  /** The innermost message that says something, without control characters. */
  static String reason(Throwable why) {
    String message = null;
    for (Throwable t = why; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getClass().getSimpleName() + ": " + t.getMessage();
        if (t instanceof IllegalArgumentException) {
          break;
        }
      }
    }
    if (message == null) {
      message = why.getClass().getSimpleName();
    }
    message = message.replaceAll("\\p{Cntrl}", " ");
    return message.length() > 900 ? message.substring(0, 900) + "..." : message;
  }
}
