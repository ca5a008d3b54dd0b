package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.model.InvalidEventException;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.ReplicaEventCodec;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.site.SiteHealth;
import dev.worklogbridge.store.LineageHistory;
import dev.worklogbridge.store.ParkedEvent;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * Retries parked lineages whose next attempt is due, oldest first, each lineage's events in order;
 * a lineage stops at its first event that still cannot be applied.
 */
@ApplicationScoped
public class ParkedRetry {

  @Inject Connections connections;
  @Inject ReplicaApplier applier;
  @Inject Parking parking;
  @Inject SiteHealth health;
  @Inject Clock clock;

  @Scheduled(
      every = "${bridge.inbound.parked-check-interval:10s}",
      delayed = "2s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void retryDue() {
    for (String site : connections.servedSites()) {
      for (Connections.View c : connections.including(site)) {
        if (!health.isAuthFailed(site)) {
          try {
            retry(c, site);
          } catch (AuthPause p) {
            health.authFailed(site, p.api(), p.reason());
          } catch (RuntimeException e) {
            Log.errorf(e, "%s on %s: retrying parked events failed", c.name(), site);
          }
        }
      }
    }
  }

  /** Retries what is due on one connection's site; returns how many events were applied. */
  public int retry(Connections.View c, String site) {
    List<String> due =
        QuarkusTransaction.requiringNew()
            .call(() -> ParkedEvent.dueLineages(c.name(), site, clock.instant(), 100));
    int applied = 0;
    for (String lineage : due) {
      List<ParkedEvent> events =
          QuarkusTransaction.requiringNew()
              .call(() -> ParkedEvent.ofLineage(c.name(), site, lineage));
      ApplyRun run = applier.run(c, site);
      for (ParkedEvent parked : events) {
        ReplicaEvent event;
        try {
          event = ReplicaEventCodec.decode(parked.payload.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidEventException e) {
          parking.done(parked.id);
          continue;
        }
        try {
          Outcome o = applier.apply(run, event);
          parking.done(parked.id);
          applied++;
          QuarkusTransaction.requiringNew()
              .run(
                  () ->
                      LineageHistory.record(
                          c.name(),
                          site,
                          lineage,
                          "UNPARKED",
                          event.type().wireName()
                              + " applied after "
                              + (parked.attempts + 1)
                              + " attempt(s): "
                              + o.kind()));
        } catch (RuntimeException failed) {
          parking.failedAgain(parked.id, Unexpected.parkable(site, failed).getMessage());
          break;
        }
      }
    }
    return applied;
  }
}
