package dev.worklogbridge.store;

/**
 * PENDING: a create is in flight (the row is committed before the POST, so a retry after a crash
 * searches before posting again). LIVE: the local worklog exists. DELETED: a tombstone, so that a
 * late or replayed create cannot resurrect the worklog.
 */
public enum LinkState {
  PENDING,
  LIVE,
  DELETED
}
