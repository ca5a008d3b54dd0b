package dev.worklogbridge.store.ledger;

import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.WorklogContent;
import dev.worklogbridge.store.LineageHistory;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.LinkState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Every transition of a source site's link rows, as the outbound service writes them when it
 * publishes what it saw. Each runs inside the caller's transaction ({@code MANDATORY}): the rows
 * were looked up under lock in it, and it commits only once its events are published, so that a
 * sighting is recorded exactly when its event is on the topic. Each records its history line.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class SightingLedger {

  /**
   * No row to LIVE ORIGIN: a worklog made on this site by a person, published as a create of its
   * own lineage. The insert is flushed with the caller's transaction; a concurrent sighting of the
   * same worklog breaks the unique index there.
   */
  public void newOrigin(
      String connection, String site, LocalWorklog w, Instant version, ReplicaEvent event) {
    LineageLink row = LineageLink.create(connection, site, event.lineage().id(), LinkRole.ORIGIN);
    row.state = LinkState.LIVE;
    row.localWorklogId = w.worklogId();
    row.localIssueId = w.issueId();
    seen(row, w.content(), version, false, event);
    row.persist();
  }

  /**
   * LIVE stays LIVE: a person edited the lineage's worklog on this site, published as an update;
   * the row remembers that this site's edit is the latest ({@code localEdit}) until the other
   * site's next change follows it.
   */
  public void edited(LineageLink row, WorklogContent content, Instant version, ReplicaEvent event) {
    seen(row, content, version, true, event);
  }

  private static void seen(
      LineageLink row,
      WorklogContent content,
      Instant version,
      boolean localEdit,
      ReplicaEvent event) {
    row.lastHash = content.hash();
    row.lastCoreHash = content.coreHash();
    row.lastVersion = Versions.max(row.lastVersion, version);
    row.localEdit = localEdit;
    row.lastIdempotencyKey = event.idempotencyKey();
    row.touch();
  }

  /** The line in the lineage's history that says what was published and how it was seen. */
  public void published(String connection, String site, String lineage, String what) {
    LineageHistory.record(connection, site, lineage, "PUBLISHED", what);
  }

  /**
   * LIVE (or PENDING) to DELETED: the lineage's worklog was deleted on this site. The caller
   * publishes the deletion when the connection flows from here ({@link #deletionPublished}).
   */
  public void deleted(LineageLink row, Instant deletedAt) {
    row.state = LinkState.DELETED;
    row.lastVersion = Versions.max(row.lastVersion, deletedAt);
    row.touch();
  }

  /** DELETED stays DELETED: its deletion went out as {@code event}. */
  public void deletionPublished(LineageLink row, ReplicaEvent event, String what) {
    row.lastIdempotencyKey = event.idempotencyKey();
    published(row.connection, row.site, row.lineage, what);
  }

  /**
   * DELETED stays DELETED: the lineage this worklog originates was tombstoned before the bridge
   * first saw the worklog (a deletion that overtook its create). The row learns the worklog's id,
   * so that its next sighting is recognised at once; nothing is synced.
   */
  public void seenAfterDeletion(
      String connection, String site, String lineage, long worklogId, long issueId, String action) {
    LineageLink.lockByLineage(connection, site, lineage)
        .filter(r -> r.localWorklogId == null)
        .ifPresent(
            r -> {
              r.localWorklogId = worklogId;
              r.localIssueId = issueId;
              r.touch();
              LineageHistory.record(
                  connection,
                  site,
                  lineage,
                  action,
                  site
                      + ":"
                      + worklogId
                      + " was first seen after its lineage had been deleted; it is not synced");
            });
  }
}
