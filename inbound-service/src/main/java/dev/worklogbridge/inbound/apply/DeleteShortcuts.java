package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.ledger.Change;
import dev.worklogbridge.store.ledger.LinkLedger;
import java.util.Optional;

/** Both targets' way of acting on a delete that finds its work already done. */
final class DeleteShortcuts {

  private DeleteShortcuts() {}

  /**
   * When {@link Decisions#deleteShortcut} finds the delete done, records it (a tombstone, or a
   * skip) and returns its outcome; empty when the target's worklog is to be deleted.
   */
  static Optional<Outcome> taken(ApplyRun run, ReplicaEvent e, LineageLink row) {
    LinkLedger ledger = run.ledger();
    return Decisions.deleteShortcut(run.connection(), run.site(), e, row)
        .map(
            s -> {
              if (s.tombstone() != null) {
                ledger.tombstone(run.name(), run.site(), Change.of(e), s.tombstone());
              } else {
                ledger.skipped(run.name(), run.site(), Change.of(e), s.skipped());
              }
              return Outcome.skipped(s.skipped());
            });
  }
}
