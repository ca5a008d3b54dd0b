package dev.worklogbridge.inbound.apply;

/**
 * An event that cannot be applied now (no issue pair yet, closed period, missing permission, the
 * target failing beyond its retries): its lineage is parked with this reason and retried later.
 */
public class NotYet extends RuntimeException {
  public NotYet(String reason, Throwable cause) {
    super(reason, cause, false, false);
  }
}
