package dev.worklogbridge.outbound.detect;

import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkState;
import java.time.Instant;

/** What a seen worklog means for one connection, decided from its link row alone. */
enum Decision {
  /** A worklog a person logged here, new to the bridge: publish a create. */
  NEW_ORIGIN,
  /** A known worklog whose content changed: publish an update of its lineage. */
  UPDATE,
  /**
   * Same content as the bridge last knew: a duplicate sighting, or the echo of the inbound side's
   * write.
   */
  SKIP_SAME,
  /** The echo of a create the inbound side has in flight. */
  SKIP_PENDING_ECHO,
  /** Older than what the bridge already holds. */
  SKIP_STALE,
  /** The lineage is tombstoned here. */
  SKIP_DELETED;

  boolean publishes() {
    return this == NEW_ORIGIN || this == UPDATE;
  }

  /**
   * @param row the link row that gives this worklog its lineage, or null
   * @param pendingEcho whether a PENDING row on the same issue expects exactly this content
   */
  static Decision of(LineageLink row, boolean pendingEcho, String hash, Instant updatedAt) {
    if (row == null) {
      return pendingEcho ? SKIP_PENDING_ECHO : NEW_ORIGIN;
    }
    if (row.state == LinkState.DELETED) {
      return SKIP_DELETED;
    }
    if (row.state == LinkState.PENDING) {
      return SKIP_PENDING_ECHO;
    }
    if (hash.equals(row.lastHash)) {
      return SKIP_SAME;
    }
    if (row.lastVersion != null && updatedAt != null && updatedAt.isBefore(row.lastVersion)) {
      return SKIP_STALE;
    }
    return UPDATE;
  }
}
