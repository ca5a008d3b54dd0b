package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.ReplicaEventCodec;
import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.store.LineageHistory;
import dev.worklogbridge.store.ParkedEvent;
import dev.worklogbridge.store.StringLookups;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;

/**
 * Keeps events that cannot be applied yet, per lineage and in order, with the reason and the next
 * attempt; the queue behind them keeps flowing. Parked events live in the database, so the offset
 * can be committed and nothing is lost.
 */
@ApplicationScoped
public class Parking {

  @Inject BridgeConfig config;
  @Inject MeterRegistry metrics;
  @Inject Clock clock;

  public Outcome park(String connection, String site, ReplicaEvent event, String reason) {
    String payload = new String(ReplicaEventCodec.encode(event), StandardCharsets.UTF_8);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              ParkedEvent p = new ParkedEvent();
              p.connection = connection;
              p.site = site;
              p.lineage = event.lineage().id();
              p.eventId = event.eventId();
              p.idempotencyKey = event.idempotencyKey();
              p.payload = payload;
              p.reason = truncate(reason);
              p.attempts = 0;
              p.parkedAt = clock.instant();
              p.nextAttemptAt = p.parkedAt.plus(config.inbound().parkInitialDelay());
              p.persist();
              LineageHistory.record(
                  connection, site, p.lineage, "PARKED", event.type().wireName() + ": " + reason);
            });
    metrics
        .counter("worklog_bridge_events_parked", "connection", connection, "site", site)
        .increment();
    Log.infof("%s %s on %s parked: %s", connection, event.lineage(), site, reason);
    return new Outcome(Outcome.Kind.PARKED, reason);
  }

  /** The lineages among {@code lineages} that have parked events on this site. */
  public Set<String> parkedAmong(String connection, String site, Collection<String> lineages) {
    if (lineages.isEmpty()) {
      return Set.of();
    }
    // One statement whatever the batch's size: the lineages go as one array parameter.
    String[] among = lineages.toArray(String[]::new);
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                StringLookups.select(
                    "select distinct lineage from parked_event"
                        + " where connection = ? and site = ? and lineage = any(?)",
                    connection,
                    site,
                    among));
  }

  /** A failed retry: count it, say why, and wait longer (doubling up to the maximum). */
  void failedAgain(long parkedId, String reason) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              ParkedEvent p = ParkedEvent.findById(parkedId);
              if (p == null) {
                return;
              }
              p.attempts++;
              p.reason = truncate(reason);
              long initial = config.inbound().parkInitialDelay().toMillis();
              long wait =
                  Math.min(
                      config.inbound().parkMaxDelay().toMillis(),
                      initial << Math.min(p.attempts, 20));
              p.nextAttemptAt = clock.instant().plus(Duration.ofMillis(wait));
            });
  }

  void done(long parkedId) {
    QuarkusTransaction.requiringNew().run(() -> ParkedEvent.deleteById(parkedId));
  }

  /** Makes every parked event of a connection's site (or of one lineage) due now. */
  public int retryNow(String connection, String site, String lineage) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                lineage == null
                    ? ParkedEvent.update(
                        "nextAttemptAt = ?1 where connection = ?2 and site = ?3",
                        clock.instant(),
                        connection,
                        site)
                    : ParkedEvent.update(
                        "nextAttemptAt = ?1 where connection = ?2 and site = ?3 and lineage = ?4",
                        clock.instant(),
                        connection,
                        site,
                        lineage));
  }

  private static String truncate(String reason) {
    String r = reason == null ? "unknown" : reason;
    return r.length() > 1000 ? r.substring(0, 1000) + "..." : r;
  }
}
