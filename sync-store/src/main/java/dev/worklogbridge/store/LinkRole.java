package dev.worklogbridge.store;

/** Whether a site holds the lineage's origin (a person logged it there) or a replica. */
public enum LinkRole {
  ORIGIN,
  REPLICA
}
