package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.model.ReplicaEvent;

/**
 * A kind of target site the inbound writes to: Tempo (worklogs with attributes and authors) or
 * plain Jira (native worklogs, on a site without Tempo). Each applies one event at a time through
 * the ledger's claims, so that every write happens at most once in effect. Tempo can also create
 * many at once ({@link TempoBulkCreates}, built on {@link TempoTarget}).
 */
interface Target {

  /**
   * Applies one event, or throws {@link ParkLineage} (park its lineage) or {@link AuthPause} (pause
   * the site).
   */
  Outcome apply(ApplyRun run, ReplicaEvent e);
}
