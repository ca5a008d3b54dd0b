package dev.worklogbridge.inbound.apply;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Decides between two edits of one worklog made on both sites since they were last in step: the
 * incoming one (the other site's, carried by a replica event) and the local one (on the target).
 * Both sites run the same rule on the same two timestamps, so they pick the same winner:
 *
 * <ol>
 *   <li>the newer {@code updatedAt} wins, compared at the precision both carry (Tempo's timestamps
 *       come with or without milliseconds: when either is whole seconds, both are compared in whole
 *       seconds);
 *   <li>on a tie, the origin's edit wins (the site where the worklog was first logged): a rule that
 *       needs no clock and no content representation both sides would share.
 * </ol>
 */
final class ConflictRule {

  /** The outcome, and why, in words for the lineage history. */
  record Verdict(boolean localWins, boolean tie, String why) {}

  private ConflictRule() {}

  /**
   * @param localIsOrigin whether the target holds the origin of the lineage
   */
  static Verdict decide(Instant incoming, Instant local, boolean localIsOrigin) {
    int order = compare(local, incoming);
    if (order > 0) {
      return new Verdict(true, false, "the newer edit wins");
    }
    if (order < 0) {
      return new Verdict(false, false, "the newer edit wins");
    }
    return new Verdict(
        localIsOrigin, true, "both edits in the same second: the origin's edit wins");
  }

  /** Compares two instants at the precision both carry. */
  static int compare(Instant a, Instant b) {
    if (wholeSeconds(a) || wholeSeconds(b)) {
      return a.truncatedTo(ChronoUnit.SECONDS).compareTo(b.truncatedTo(ChronoUnit.SECONDS));
    }
    return a.compareTo(b);
  }

  private static boolean wholeSeconds(Instant t) {
    return t.getNano() == 0;
  }
}
