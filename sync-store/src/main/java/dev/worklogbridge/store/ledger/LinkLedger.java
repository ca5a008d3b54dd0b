package dev.worklogbridge.store.ledger;

import dev.worklogbridge.model.WorklogContent;
import dev.worklogbridge.store.LineageHistory;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.LinkState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every transition of a target site's link rows, as the inbound service writes them: each one a
 * transaction of its own (committed before the next call to the site), under the row's lock, with
 * its line in the lineage's history. A create is claimed PENDING before it is posted and marked
 * LIVE after; a PENDING row is a create that may have been posted; a DELETED row is a tombstone.
 * The sightings of a source site are {@link SightingLedger}'s; docs/architecture.md ("The ledger")
 * tables both.
 */
@ApplicationScoped
public class LinkLedger {

  /** One create to claim: its change, its target issue and the content it will post. */
  public record ToClaim(Change change, long issueId, WorklogContent content) {}

  /** A claimed create and the worklog that now carries it (one answer of a bulk call). */
  public record Written(Change change, LocalWorklog worklog) {}

  /**
   * Claims a lineage for a create: inserts its row PENDING (committed), or reports the state it
   * already has (never {@link Claim#SAME}).
   */
  public Claim claim(
      String connection,
      String site,
      Change change,
      long issueId,
      WorklogContent content,
      LinkRole role) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              var row = LineageLink.lockByLineage(connection, site, change.lineageId());
              if (row.isPresent()) {
                return switch (row.get().state) {
                  case PENDING -> Claim.PENDING;
                  case LIVE -> Claim.LIVE;
                  case DELETED -> Claim.DELETED;
                };
              }
              pending(connection, site, change, issueId, content, role).persist();
              LineageLink.flush();
              return Claim.NEW;
            });
  }

  /**
   * Claims many creates in one transaction (a backlog's worth): one query finds the rows that
   * exist, the others are inserted PENDING. A LIVE row that holds exactly the create's content on
   * the same issue is {@link Claim#SAME}. Returns the claim of each lineage.
   */
  public Map<String, Claim> claimAll(String connection, String site, List<ToClaim> creates) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Map<String, Claim> out = new HashMap<>();
              Map<String, ToClaim> wanted = new HashMap<>();
              creates.forEach(c -> wanted.putIfAbsent(c.change().lineageId(), c));
              for (LineageLink row :
                  LineageLink.<LineageLink>list(
                      "connection = ?1 and site = ?2 and lineage in ?3",
                      connection,
                      site,
                      List.copyOf(wanted.keySet()))) {
                out.put(row.lineage, claimOf(row, wanted.get(row.lineage)));
              }
              for (ToClaim c : creates) {
                if (out.putIfAbsent(c.change().lineageId(), Claim.NEW) == null) {
                  pending(connection, site, c.change(), c.issueId(), c.content(), LinkRole.REPLICA)
                      .persist();
                }
              }
              LineageLink.flush();
              return out;
            });
  }

  private static Claim claimOf(LineageLink row, ToClaim c) {
    return switch (row.state) {
      case PENDING -> Claim.PENDING;
      case LIVE -> holds(row, c) ? Claim.SAME : Claim.LIVE;
      case DELETED -> Claim.DELETED;
    };
  }

  /** A replica row that already holds exactly what this create would write on the same issue. */
  private static boolean holds(LineageLink row, ToClaim c) {
    return row.role == LinkRole.REPLICA
        && row.localIssueId != null
        && row.localIssueId == c.issueId()
        && c.content().hash().equals(row.lastHash);
  }

  private static LineageLink pending(
      String connection,
      String site,
      Change change,
      long issueId,
      WorklogContent content,
      LinkRole role) {
    LineageLink link = LineageLink.create(connection, site, change.lineageId(), role);
    link.state = LinkState.PENDING;
    link.localIssueId = issueId;
    link.pendingHash = content.hash();
    link.pendingCoreHash = content.coreHash();
    link.lastVersion = change.version();
    link.lastIdempotencyKey = change.idempotencyKey();
    return link;
  }

  /** PENDING to LIVE: the claimed create's worklog is {@code written} ("created", "recovered"). */
  public void live(
      String connection, String site, Change change, LocalWorklog written, String how) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                markLive(
                    LineageLink.lockByLineage(connection, site, change.lineageId()).orElseThrow(),
                    site,
                    change,
                    written,
                    how));
  }

  /** PENDING to LIVE for many claimed rows in one transaction (the answer of one bulk call). */
  public void liveAll(String connection, String site, List<Written> written, String how) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              // One locking query for the whole group: a query per row would also flush (and
              // dirty-check) every row changed before it.
              Map<String, LineageLink> rows = new HashMap<>();
              for (LineageLink row :
                  LineageLink.<LineageLink>find(
                          "connection = ?1 and site = ?2 and lineage in ?3",
                          connection,
                          site,
                          written.stream().map(w -> w.change().lineageId()).distinct().toList())
                      .withLock(LockModeType.PESSIMISTIC_WRITE)
                      .list()) {
                rows.put(row.lineage, row);
              }
              for (Written w : written) {
                LineageLink row = rows.get(w.change().lineageId());
                if (row == null) {
                  throw new IllegalStateException(
                      "no claimed row for lineage " + w.change().lineageId());
                }
                markLive(row, site, w.change(), w.worklog(), how);
              }
            });
  }

  private static void markLive(
      LineageLink row, String site, Change change, LocalWorklog written, String how) {
    row.state = LinkState.LIVE;
    row.localWorklogId = written.worklogId();
    row.localIssueId = written.issueId();
    row.lastHash = written.content().hash();
    row.lastCoreHash = written.content().coreHash();
    row.pendingHash = null;
    row.pendingCoreHash = null;
    row.lastVersion = Versions.max(row.lastVersion, change.version());
    row.lastIdempotencyKey = change.idempotencyKey();
    row.touch();
    LineageHistory.record(
        row.connection,
        site,
        row.lineage,
        "CREATED",
        how + " " + site + ":" + written.worklogId() + " from " + change.from());
  }

  /** PENDING to no row: the POST certainly created nothing (the answer was a refusal). */
  public void release(String connection, String site, String lineage) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                LineageLink.lockByLineage(connection, site, lineage)
                    .filter(r -> r.state == LinkState.PENDING)
                    .ifPresent(LineageLink::delete));
  }

  /** LIVE to no row: the worklog is gone from the target (a verifying replay writes it again). */
  public void forgetLost(String connection, String site, String lineage, long localWorklogId) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink.lockByLineage(connection, site, lineage).ifPresent(LineageLink::delete);
              LineageHistory.record(
                  connection,
                  site,
                  lineage,
                  "LOST",
                  site
                      + ":"
                      + localWorklogId
                      + " is gone from the target; writing it again (replay)");
            });
  }

  /** LIVE stays LIVE with the content of an update written to the target. */
  public void updated(String connection, String site, Change change, LocalWorklog written) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink row =
                  LineageLink.lockByLineage(connection, site, change.lineageId()).orElseThrow();
              row.lastHash = written.content().hash();
              row.lastCoreHash = written.content().coreHash();
              row.lastVersion = Versions.max(row.lastVersion, change.version());
              row.lastIdempotencyKey = change.idempotencyKey();
              row.localEdit = false;
              row.touch();
              LineageHistory.record(
                  connection,
                  site,
                  row.lineage,
                  "UPDATED",
                  site + ":" + written.worklogId() + " from " + change.from());
            });
  }

  /**
   * LIVE stays LIVE: the target's worklog already holds what the update would write (the row learns
   * its hash, and that no local edit is pending).
   */
  public void sameContent(String connection, String site, String lineage, String hash) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                LineageLink.lockByLineage(connection, site, lineage)
                    .ifPresent(
                        r -> {
                          r.lastHash = hash;
                          r.localEdit = false;
                        }));
  }

  /** Any state (or none) to DELETED: the lineage is tombstoned on this site. */
  public void tombstone(String connection, String site, Change change, String detail) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink row =
                  LineageLink.lockByLineage(connection, site, change.lineageId())
                      .orElseGet(
                          () -> {
                            LineageLink created =
                                LineageLink.create(
                                    connection,
                                    site,
                                    change.lineageId(),
                                    change.lineage().originSite().equals(site)
                                        ? LinkRole.ORIGIN
                                        : LinkRole.REPLICA);
                            // The insert takes the row as it is now: the state goes in first.
                            created.state = LinkState.DELETED;
                            created.persist();
                            return created;
                          });
              row.state = LinkState.DELETED;
              row.lastVersion = Versions.max(row.lastVersion, change.version());
              row.lastIdempotencyKey = change.idempotencyKey();
              row.touch();
              LineageHistory.record(connection, site, row.lineage, "DELETED", detail);
            });
  }

  /**
   * No row to LIVE ORIGIN: this site holds the lineage's original worklog, whose row is missing (a
   * lineage first seen here as an update from its replica). Returns the row, or the one a
   * concurrent call adopted first.
   */
  public LineageLink adoptOrigin(
      String connection, String site, String lineage, LocalWorklog origin, Instant version) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              var existing = LineageLink.lockByLineage(connection, site, lineage);
              if (existing.isPresent()) {
                return existing.get();
              }
              LineageLink row = LineageLink.create(connection, site, lineage, LinkRole.ORIGIN);
              row.state = LinkState.LIVE;
              row.localWorklogId = origin.worklogId();
              row.localIssueId = origin.issueId();
              row.lastHash = origin.content().hash();
              row.lastCoreHash = origin.content().coreHash();
              row.lastVersion = version;
              row.persist();
              return row;
            });
  }

  /** No transition: a skip, in the history, and the newest version seen on the row. */
  public void skipped(String connection, String site, Change change, String why) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink.findByLineage(connection, site, change.lineageId())
                  .ifPresent(r -> r.lastVersion = Versions.max(r.lastVersion, change.version()));
              LineageHistory.record(
                  connection,
                  site,
                  change.lineageId(),
                  "SKIPPED",
                  change.type() + " from " + change.sourceSite() + ": " + why);
            });
  }

  /** No transition: which attributes (or attribute values) could not be carried to the target. */
  public void attributesLeftOut(String connection, String site, String lineage, List<String> what) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                LineageHistory.record(
                    connection,
                    site,
                    lineage,
                    "ATTRIBUTES",
                    "left out on " + site + ": " + String.join("; ", what)));
  }

  /** No transition: before the update that overwrites it, that the target's own edit lost. */
  public void conflictLost(String connection, String site, String lineage, String why) {
    QuarkusTransaction.requiringNew()
        .run(() -> LineageHistory.record(connection, site, lineage, "CONFLICT", why));
  }

  /**
   * DELETED to no row: up to {@code limit} tombstones last changed before {@code cutoff}, lineages
   * deleted long enough ago that no record of theirs can come back. Returns how many.
   */
  public int pruneTombstones(Instant cutoff, int limit) {
    return QuarkusTransaction.requiringNew().call(() -> LineageLink.pruneTombstones(cutoff, limit));
  }
}
