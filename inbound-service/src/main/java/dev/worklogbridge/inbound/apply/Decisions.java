package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkState;
import java.util.Optional;

/**
 * The apply path's decisions that need no call to anyone: whether a site applies an event at all,
 * whether the event is older than what the site holds, whether the site already holds its content,
 * what a delete finds already done. The targets act on them and the dry run describes them, with
 * the same reasons.
 */
public final class Decisions {

  private Decisions() {}

  /** Whether {@code site} applies {@code e}: the connection's, from another site it syncs from. */
  public static boolean relevant(Connections.View c, String site, ReplicaEvent e) {
    String source = e.source().site();
    return c.name().equals(e.connection())
        && !source.equals(site)
        && c.includes(source)
        && c.flowsFrom(source);
  }

  /** Why a write is skipped on a tombstoned lineage, or empty when the row is not a tombstone. */
  public static Optional<String> tombstoned(LineageLink row, String site) {
    if (row == null || row.state != LinkState.DELETED) {
      return Optional.empty();
    }
    return Optional.of("the lineage was deleted on " + site + " (tombstone)");
  }

  /** Why the event is older than what the row holds, or empty when it is not. */
  public static Optional<String> older(LineageLink row, ReplicaEvent e, String site) {
    if (row.lastVersion == null || !e.sourceVersion().isBefore(row.lastVersion)) {
      return Optional.empty();
    }
    return Optional.of(
        "older (" + e.sourceVersion() + ") than what " + site + " holds (" + row.lastVersion + ")");
  }

  /** Whether the row says its worklog already holds the content whose hash is {@code hash}. */
  public static boolean holds(LineageLink row, String hash) {
    return hash.equals(row.lastHash);
  }

  /** Why an event parks when its author is unknown on the target and there is no fallback. */
  public static String authorUnknown(Connections.View c, String site, ReplicaEvent e) {
    return "author "
        + e.author().accountId()
        + " is unknown on "
        + site
        + " and no fallback account is configured (bridge.connections."
        + c.name()
        + ".authors.fallback-account."
        + site
        + ")";
  }

  /**
   * What a delete finds already done: no row (a tombstone is to be recorded), a tombstone, or a
   * delete policy that keeps the worklog. Empty when the target's worklog is to be deleted.
   *
   * @param skipped the outcome's reason
   * @param tombstone the tombstone's history line, or null when nothing is to be recorded
   */
  public record DeleteShortcut(String skipped, String tombstone) {}

  public static Optional<DeleteShortcut> deleteShortcut(
      Connections.View c, String site, ReplicaEvent e, LineageLink row) {
    if (row == null) {
      return Optional.of(
          new DeleteShortcut(
              "tombstone recorded",
              "deleted on " + e.source().site() + " before it reached " + site));
    }
    if (row.state == LinkState.DELETED) {
      return Optional.of(new DeleteShortcut("already deleted", null));
    }
    if (c.config().deletePolicy() == BridgeConfig.DeletePolicy.KEEP) {
      return Optional.of(
          new DeleteShortcut(
              "kept by delete policy",
              "kept on " + site + " (delete policy KEEP); no longer synced"));
    }
    return Optional.empty();
  }
}
