package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.model.ReplicaEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;

/**
 * Counts what applying came to ({@code worklog_bridge_events_applied} by outcome) and, for writes,
 * the delay from the source's change to the target's write ({@code worklog_bridge_apply_delay}).
 */
@ApplicationScoped
class AppliedCounter {

  @Inject MeterRegistry metrics;
  @Inject Clock clock;
  @Inject DelayHistory history;

  /** Counts {@code o}, the outcome of applying {@code e}, and returns it. */
  Outcome counted(ApplyRun run, ReplicaEvent e, Outcome o) {
    applied(run, o.kind()).increment();
    if (o.wrote()) {
      Duration delay = Duration.between(e.sourceVersion(), clock.instant());
      history.record(delay);
      Timer.builder("worklog_bridge_apply_delay")
          .description("from the source's updatedAt to the write")
          .tag("connection", run.name())
          .publishPercentiles(0.5, 0.95, 0.99)
          .register(metrics)
          .record(delay);
    }
    return o;
  }

  /** Counts {@code records} events skipped without being decoded (already applied). */
  void skipped(ApplyRun run, int records) {
    if (records > 0) {
      applied(run, Outcome.Kind.SKIPPED).increment(records);
    }
  }

  private Counter applied(ApplyRun run, Outcome.Kind kind) {
    return metrics.counter(
        "worklog_bridge_events_applied",
        "connection",
        run.name(),
        "site",
        run.site(),
        "outcome",
        kind.name().toLowerCase());
  }
}
