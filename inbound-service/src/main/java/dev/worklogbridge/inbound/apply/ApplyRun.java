package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.runtime.config.Connections;
import io.opentelemetry.context.Context;
import java.util.Map;

/**
 * One run of the apply path on one target site: a batch from the topic, a parked retry or a replay.
 * It carries what every step of the run shares: the connection, the target site, the worklogs read
 * from the target so far ({@link Recovery}), whether link rows are verified against the target (a
 * replay after data loss), and the trace each event's record carried.
 */
public record ApplyRun(
    Connections.View connection,
    String site,
    Recovery recovery,
    boolean verifying,
    Map<String, Context> traces) {

  /** The connection's name. */
  public String name() {
    return connection.name();
  }

  /** The trace the record of event {@code eventId} carried, or none. */
  Context traceOf(String eventId) {
    return traces.getOrDefault(eventId, Context.root());
  }
}
