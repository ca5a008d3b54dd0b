package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.model.ReplicaEvent;
import java.util.List;
import java.util.Optional;

/**
 * A kind of target site the inbound writes to: Tempo (worklogs with attributes and authors) or
 * plain Jira (native worklogs, on a site without Tempo). Each applies one event at a time through
 * the ledger's claims, so that every write happens at most once in effect.
 */
interface Target {

  /**
   * Applies one event, or throws {@link ParkLineage} (park its lineage) or {@link AuthPause} (pause
   * the site).
   */
  Outcome apply(ApplyRun run, ReplicaEvent e);

  /** The target's way of writing many creates at once, if it has one. */
  default Optional<BulkCreates> bulkCreates() {
    return Optional.empty();
  }

  /** Creates in bulk: each create's outcome is added to {@code outcomes}, failures parked. */
  interface BulkCreates {
    void createAll(ApplyRun run, List<ReplicaEvent> creates, List<Outcome> outcomes);
  }
}
