package dev.worklogbridge.runtime.retention;

import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.store.LineageHistory;
import dev.worklogbridge.store.ledger.LinkLedger;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;

/**
 * Prunes what the bridge no longer needs, in small batches: history older than {@code
 * bridge.retention.history} (and beyond the newest 50 entries of each lineage), and tombstones of
 * lineages deleted more than {@code bridge.retention.tombstones} ago (longer than the topic keeps
 * records, so no replay can bring their create back). Every process may run it: deletes are
 * idempotent. Parked events are never pruned: they are work still owed (resolved ones are deleted
 * when applied).
 */
@ApplicationScoped
public class Retention {

  static final int BATCH = 5_000;

  @Inject BridgeConfig config;
  @Inject Clock clock;
  @Inject LinkLedger ledger;

  @Scheduled(
      every = "${bridge.retention.interval:1h}",
      delayed = "${bridge.retention.first-delay:5m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    try {
      prune();
    } catch (RuntimeException e) {
      Log.warnf("retention: pruning failed, will try again: %s", e.getMessage());
    }
  }

  /** What one pruning removed. */
  public record Pruned(int history, int tombstones) {}

  public Pruned prune() {
    Instant now = clock.instant();
    Instant historyCutoff = now.minus(config.retention().history());
    Instant tombstoneCutoff = now.minus(config.retention().tombstones());
    int history = 0;
    int n;
    do {
      n =
          QuarkusTransaction.requiringNew()
              .call(() -> LineageHistory.pruneOlderThan(historyCutoff, BATCH));
      history += n;
    } while (n == BATCH);
    history += QuarkusTransaction.requiringNew().call(LineageHistory::prune);
    int tombstones = 0;
    do {
      n = ledger.pruneTombstones(tombstoneCutoff, BATCH);
      tombstones += n;
    } while (n == BATCH);
    if (history + tombstones > 0) {
      Log.infof("retention: pruned %d history entries and %d tombstones", history, tombstones);
    }
    return new Pruned(history, tombstones);
  }
}
