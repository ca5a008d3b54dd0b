package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.model.WorklogContent;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.LinkState;
import dev.worklogbridge.store.ledger.Change;
import dev.worklogbridge.store.ledger.Claim;
import dev.worklogbridge.store.ledger.LinkLedger;
import dev.worklogbridge.store.ledger.LinkReads;
import dev.worklogbridge.store.ledger.LocalWorklog;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dry run's ledger: every transition is answered as the real ledger would answer it (a claim
 * finds the state the row has now) and nothing is written. It remembers whether the run would have
 * tombstoned the lineage.
 */
final class DescribedLedger extends LinkLedger {

  private final Reads reads = new Reads();
  private String tombstone;

  /** The rows as the run would leave them: what it marked LIVE, over what the database holds. */
  LinkReads reads() {
    return reads;
  }

  /** The database's rows, under the rows the run would have marked LIVE. */
  static final class Reads extends LinkReads {
    private final Map<String, LineageLink> live = new HashMap<>();

    @Override
    public Optional<LineageLink> find(String connection, String site, String lineage) {
      LineageLink row = live.get(connection + "|" + site + "|" + lineage);
      return row != null ? Optional.of(row) : super.find(connection, site, lineage);
    }
  }

  /** The tombstone's history line the run would have recorded, or null. */
  String tombstone() {
    return tombstone;
  }

  @Override
  public Claim claim(
      String connection,
      String site,
      Change change,
      long issueId,
      WorklogContent content,
      LinkRole role) {
    return reads
        .find(connection, site, change.lineageId())
        .map(
            r ->
                switch (r.state) {
                  case PENDING -> Claim.PENDING;
                  case LIVE -> Claim.LIVE;
                  case DELETED -> Claim.DELETED;
                })
        .orElse(Claim.NEW);
  }

  @Override
  public Map<String, Claim> claimAll(String connection, String site, List<ToClaim> creates) {
    throw new UnsupportedOperationException("a dry run plans one event at a time");
  }

  /** The row the create would mark LIVE, seen by this run's later reads. */
  @Override
  public void live(
      String connection, String site, Change change, LocalWorklog written, String how) {
    LineageLink row = LineageLink.create(connection, site, change.lineageId(), LinkRole.REPLICA);
    row.state = LinkState.LIVE;
    row.localWorklogId = written.worklogId();
    row.localIssueId = written.issueId();
    row.lastHash = written.content().hash();
    row.lastCoreHash = written.content().coreHash();
    row.lastVersion = change.version();
    reads.live.put(connection + "|" + site + "|" + change.lineageId(), row);
  }

  @Override
  public void liveAll(String connection, String site, List<Written> written, String how) {}

  @Override
  public void release(String connection, String site, String lineage) {}

  @Override
  public void forgetLost(String connection, String site, String lineage, long localWorklogId) {}

  @Override
  public void updated(String connection, String site, Change change, LocalWorklog written) {}

  @Override
  public void sameContent(String connection, String site, String lineage, String hash) {}

  @Override
  public void tombstone(String connection, String site, Change change, String detail) {
    tombstone = detail;
  }

  /** The row adoption would insert, not inserted. */
  @Override
  public LineageLink adoptOrigin(
      String connection, String site, String lineage, LocalWorklog origin, Instant version) {
    return reads
        .find(connection, site, lineage)
        .orElseGet(
            () -> {
              LineageLink row = LineageLink.create(connection, site, lineage, LinkRole.ORIGIN);
              row.state = LinkState.LIVE;
              row.localWorklogId = origin.worklogId();
              row.localIssueId = origin.issueId();
              row.lastHash = origin.content().hash();
              row.lastCoreHash = origin.content().coreHash();
              row.lastVersion = version;
              return row;
            });
  }

  @Override
  public void skipped(String connection, String site, Change change, String why) {}

  @Override
  public void attributesLeftOut(
      String connection, String site, String lineage, List<String> what) {}

  @Override
  public void conflictLost(String connection, String site, String lineage, String why) {}

  @Override
  public int pruneTombstones(Instant cutoff, int limit) {
    throw new UnsupportedOperationException("a dry run prunes nothing");
  }
}
