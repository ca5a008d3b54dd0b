package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.cloud.CloudException;
import dev.worklogbridge.cloud.ErrorKind;
import java.util.function.Supplier;

/** How a call to the target site fails: a 401 pauses the site, anything else parks the lineage. */
final class TargetCalls {

  private TargetCalls() {}

  /**
   * Runs a call to the target, turning a 401 into a pause ({@link AuthPause}) and anything else
   * that failed for good (its retries spent) into a park ({@link ParkLineage}).
   */
  static <T> T call(String site, String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (CloudException e) {
      if (e.kind() == ErrorKind.AUTH) {
        throw new AuthPause(site, e.api().isEmpty() ? "tempo" : e.api(), e.getMessage());
      }
      throw new ParkLineage(what + " failed: " + e.getMessage(), e);
    }
  }

  /** True when the target refused the call (certainly wrote nothing), as opposed to no answer. */
  static boolean refused(ParkLineage e) {
    return e.getCause() instanceof CloudException c && c.kind() == ErrorKind.PERMANENT;
  }
}
