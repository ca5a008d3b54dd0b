package dev.worklogbridge.store.ledger;

import dev.worklogbridge.model.Lineage;
import dev.worklogbridge.model.ReplicaEvent;
import java.time.Instant;

/**
 * A change of one lineage as the ledger records it: which lineage, what kind of change, where it
 * came from, its version (the source's updatedAt) and its idempotency key.
 */
public record Change(
    Lineage lineage,
    String type,
    String sourceSite,
    long sourceWorklogId,
    Instant version,
    String idempotencyKey) {

  /** The change a replica event carries. */
  public static Change of(ReplicaEvent e) {
    return new Change(
        e.lineage(),
        e.type().wireName(),
        e.source().site(),
        e.source().tempoWorklogId(),
        e.sourceVersion(),
        e.idempotencyKey());
  }

  public String lineageId() {
    return lineage.id();
  }

  /** The source worklog, as {@code site:id}, for history lines. */
  public String from() {
    return sourceSite + ":" + sourceWorklogId;
  }
}
