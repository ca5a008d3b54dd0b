package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.store.ledger.LinkLedger;
import dev.worklogbridge.store.ledger.LinkReads;
import io.opentelemetry.context.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One run of the apply path on one target site: a batch from the topic, a parked retry, a replay,
 * or a dry run. It carries what every step of the run shares: the connection, the target site, the
 * worklogs read from the target so far ({@link Recovery}), whether link rows are verified against
 * the target (a replay after data loss), the trace each event's record carried, and where its
 * effects go: the ledger, its reads and the target's writes, which a dry run replaces with their
 * descriptions ({@code decided} then collects what the run decided on the way: issue, author,
 * attributes left out).
 */
public record ApplyRun(
    Connections.View connection,
    String site,
    Recovery recovery,
    boolean verifying,
    Map<String, Context> traces,
    Effects effects,
    Map<String, Object> decided) {

  /** Where a run's effects go. */
  public record Effects(LinkLedger ledger, LinkReads reads, TargetWrites writes) {}

  /** The connection's name. */
  public String name() {
    return connection.name();
  }

  /** True for a dry run: nothing is written anywhere. */
  public boolean dry() {
    return decided != null;
  }

  LinkLedger ledger() {
    return effects.ledger();
  }

  LinkReads reads() {
    return effects.reads();
  }

  TargetWrites writes() {
    return effects.writes();
  }

  /** Notes a decision for a dry run's description; a real run does not even build it. */
  void decide(String what, Supplier<Object> value) {
    if (decided != null) {
      decided.put(what, value.get());
    }
  }

  /** A decision's fields, in order, leaving out those that are null: {@code name, value, ...}. */
  static Map<String, Object> fields(Object... namesAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        out.put((String) namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return out;
  }

  /** The trace the record of event {@code eventId} carried, or none. */
  Context traceOf(String eventId) {
    return traces.getOrDefault(eventId, Context.root());
  }
}
