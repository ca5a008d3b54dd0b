package dev.worklogbridge.inbound.apply;

/**
 * Park this event's lineage: the event cannot be applied now (no issue pair yet, closed period,
 * missing permission, the target failing beyond its retries). The lineage is parked with this
 * reason, its later events wait behind it, and it is retried on schedule.
 */
public class ParkLineage extends RuntimeException {
  public ParkLineage(String reason, Throwable cause) {
    super(reason, cause, false, false);
  }
}
