package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.cloud.CloudException;
import dev.worklogbridge.cloud.ErrorKind;
import dev.worklogbridge.runtime.database.Database;
import dev.worklogbridge.runtime.database.DatabaseErrors;
import io.quarkus.logging.Log;

/**
 * What to do with a failure nobody planned for while applying one event: park its lineage with the
 * reason, so that every other lineage flows and the parked one is retried on schedule. Only what is
 * not the event's doing goes up and rewinds the batch: the database or Kafka away (nothing could be
 * parked either), and a rejected token (a pause).
 */
final class Unexpected {

  private Unexpected() {}

  /** The failure as a reason to park, or rethrown when the batch must be seen again. */
  static ParkLineage parkable(String site, RuntimeException e) {
    if (e instanceof ParkLineage n) {
      return n;
    }
    if (e instanceof AuthPause) {
      throw e;
    }
    if (e instanceof CloudException ce) {
      if (ce.kind() == ErrorKind.AUTH) {
        throw new AuthPause(site, ce.api().isEmpty() ? "tempo" : ce.api(), ce.getMessage());
      }
      return new ParkLineage("a call to " + site + " failed: " + ce.getMessage(), ce);
    }
    if (e instanceof Database.Unavailable
        || DatabaseErrors.connectionLost(e)
        || causedBy(e, org.apache.kafka.common.KafkaException.class)) {
      throw e;
    }
    Log.errorf(e, "unexpected failure applying an event on %s; its lineage is parked", site);
    String message = e.getMessage() == null ? "" : ": " + e.getMessage();
    return new ParkLineage(
        "could not be applied (" + e.getClass().getSimpleName() + message + "); retried later", e);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
