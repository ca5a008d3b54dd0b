package dev.worklogbridge.store.ledger;

/** What claiming a lineage for a create found. */
public enum Claim {
  /** No row: one was inserted PENDING (committed) and the create may be posted. */
  NEW,
  /** A create of this lineage was claimed before and may have been posted (a crash, a retry). */
  PENDING,
  /** The lineage already has its worklog here. */
  LIVE,
  /** LIVE, holding exactly the content this create would write: a redelivery or a replay. */
  SAME,
  /** The lineage was deleted here (a tombstone). */
  DELETED
}
