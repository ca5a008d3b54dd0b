package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.cloud.CloudException;
import dev.worklogbridge.cloud.ErrorKind;
import dev.worklogbridge.cloud.TempoClient;
import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.cloud.TempoWorklogRequest;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.WorklogContent;
import dev.worklogbridge.runtime.scope.IssueScope;
import dev.worklogbridge.store.LineageHistory;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.LinkState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Writes to the target's Tempo through the lineage's link row, so that every write happens at most
 * once in effect: a create commits its row as PENDING before posting and LIVE after, and a retry of
 * a PENDING create first looks for the worklog it may already have posted; an update needs a newer
 * version and a different content; a delete leaves a tombstone.
 */
@ApplicationScoped
public class WorklogWriter {

  /** Result of claiming a lineage for a create. */
  enum Claim {
    /** LIVE, holding exactly the content this create would write: a redelivery or a replay. */
    SAME,
    NEW,
    PENDING,
    LIVE,
    DELETED
  }

  /** Claims the row: inserts it PENDING (committed), or reports the state it already has. */
  Claim claim(
      String connection,
      String site,
      ReplicaEvent event,
      long issueId,
      WorklogContent content,
      LinkRole role) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Optional<LineageLink> row =
                  LineageLink.lockByLineage(connection, site, event.lineage().id());
              if (row.isPresent()) {
                return switch (row.get().state) {
                  case PENDING -> Claim.PENDING;
                  case LIVE -> Claim.LIVE;
                  case DELETED -> Claim.DELETED;
                };
              }
              LineageLink link = LineageLink.create(connection, site, event.lineage().id(), role);
              link.state = LinkState.PENDING;
              link.localIssueId = issueId;
              link.pendingHash = content.hash();
              link.pendingCoreHash = content.coreHash();
              link.lastVersion = event.sourceVersion();
              link.lastIdempotencyKey = event.idempotencyKey();
              link.persist();
              LineageLink.flush();
              return Claim.NEW;
            });
  }

  /** One create to claim: the event, its target issue and the request that will be posted. */
  record ToClaim(ReplicaEvent event, long issueId, TempoWorklogRequest request) {}

  /**
   * Claims many creates in one transaction (a backlog's worth): one query finds the rows that
   * exist, the others are inserted PENDING. Returns the claim of each lineage.
   */
  java.util.Map<String, Claim> claimAll(String connection, String site, List<ToClaim> creates) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              java.util.Map<String, Claim> out = new java.util.HashMap<>();
              java.util.Map<String, ToClaim> wanted = new java.util.HashMap<>();
              creates.forEach(c -> wanted.putIfAbsent(c.event().lineage().id(), c));
              for (LineageLink row :
                  LineageLink.<LineageLink>list(
                      "connection = ?1 and site = ?2 and lineage in ?3",
                      connection,
                      site,
                      List.copyOf(wanted.keySet()))) {
                ToClaim c = wanted.get(row.lineage);
                out.put(
                    row.lineage,
                    switch (row.state) {
                      case PENDING -> Claim.PENDING;
                      case LIVE -> holds(row, c) ? Claim.SAME : Claim.LIVE;
                      case DELETED -> Claim.DELETED;
                    });
              }
              for (ToClaim c : creates) {
                String lineage = c.event().lineage().id();
                if (out.containsKey(lineage)) {
                  continue;
                }
                LineageLink link = LineageLink.create(connection, site, lineage, LinkRole.REPLICA);
                link.state = LinkState.PENDING;
                link.localIssueId = c.issueId();
                link.pendingHash = c.request().content().hash();
                link.pendingCoreHash = c.request().content().coreHash();
                link.lastVersion = c.event().sourceVersion();
                link.lastIdempotencyKey = c.event().idempotencyKey();
                link.persist();
                out.put(lineage, Claim.NEW);
              }
              LineageLink.flush();
              return out;
            });
  }

  /**
   * The lineages whose row has already applied exactly the given change (its idempotency key is the
   * row's last one, and the row is not a create still in flight): a redelivery or a replay with
   * nothing to resolve, read, write or record. One query per thousand lineages.
   */
  java.util.Set<String> alreadyApplied(
      String connection, String site, java.util.Map<String, String> keyByLineage) {
    java.util.Set<String> out = new java.util.HashSet<>();
    List<String> lineages = List.copyOf(keyByLineage.keySet());
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              for (int from = 0; from < lineages.size(); from += 1000) {
                for (LineageLink row :
                    LineageLink.<LineageLink>list(
                        "connection = ?1 and site = ?2 and lineage in ?3",
                        connection,
                        site,
                        lineages.subList(from, Math.min(lineages.size(), from + 1000)))) {
                  if (row.state != LinkState.PENDING
                      && row.lastIdempotencyKey != null
                      && row.lastIdempotencyKey.equals(keyByLineage.get(row.lineage))) {
                    out.add(row.lineage);
                  }
                }
              }
            });
    return out;
  }

  /** Marks many claimed rows LIVE in one transaction (the answer of one bulk call). */
  void liveAll(String connection, String site, List<Written> written, String how) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              // One locking query for the whole group: a query per row would also flush (and
              // dirty-check) every row changed before it.
              java.util.Map<String, LineageLink> rows = new java.util.HashMap<>();
              for (LineageLink row :
                  LineageLink.<LineageLink>find(
                          "connection = ?1 and site = ?2 and lineage in ?3",
                          connection,
                          site,
                          written.stream().map(w -> w.event().lineage().id()).distinct().toList())
                      .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                      .list()) {
                rows.put(row.lineage, row);
              }
              for (Written w : written) {
                LineageLink row = rows.get(w.event().lineage().id());
                if (row == null) {
                  throw new IllegalStateException(
                      "no claimed row for lineage " + w.event().lineage().id());
                }
                markLive(row, connection, site, w.event(), w.worklog(), how);
              }
            });
  }

  /**
   * True when a replica row already holds exactly what this create would write on the same issue: a
   * redelivery or a replay, with nothing to read, write or record.
   */
  private static boolean holds(LineageLink row, ToClaim c) {
    return row.role == LinkRole.REPLICA
        && row.localIssueId != null
        && row.localIssueId == c.issueId()
        && c.request().content().hash().equals(row.lastHash);
  }

  /** Marks a claimed row LIVE with the worklog that now carries the lineage. */
  void live(String connection, String site, ReplicaEvent event, TempoWorklog written, String how) {
    live(
        connection,
        site,
        event,
        new Local(written.tempoWorklogId(), written.issueId(), written.content()),
        how);
  }

  /**
   * A worklog on the target as the link row records it: its id (Tempo's, or Jira's on a site
   * without Tempo), its issue and the content the bridge left there.
   */
  record Local(long worklogId, long issueId, WorklogContent content) {}

  void live(String connection, String site, ReplicaEvent event, Local written, String how) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                markLive(
                    LineageLink.lockByLineage(connection, site, event.lineage().id()).orElseThrow(),
                    connection,
                    site,
                    event,
                    written,
                    how));
  }

  private static void markLive(
      LineageLink row,
      String connection,
      String site,
      ReplicaEvent event,
      TempoWorklog written,
      String how) {
    markLive(
        row,
        connection,
        site,
        event,
        new Local(written.tempoWorklogId(), written.issueId(), written.content()),
        how);
  }

  private static void markLive(
      LineageLink row,
      String connection,
      String site,
      ReplicaEvent event,
      Local written,
      String how) {
    row.state = LinkState.LIVE;
    row.localWorklogId = written.worklogId();
    row.localIssueId = written.issueId();
    row.lastHash = written.content().hash();
    row.lastCoreHash = written.content().coreHash();
    row.pendingHash = null;
    row.pendingCoreHash = null;
    row.lastVersion = max(row.lastVersion, event.sourceVersion());
    row.lastIdempotencyKey = event.idempotencyKey();
    row.touch();
    LineageHistory.record(
        connection,
        site,
        row.lineage,
        "CREATED",
        how
            + " "
            + site
            + ":"
            + written.worklogId()
            + " from "
            + event.source().site()
            + ":"
            + event.source().tempoWorklogId());
  }

  /** Forgets a claim whose POST certainly created nothing (the answer was a refusal). */
  void release(String connection, String site, ReplicaEvent event) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                LineageLink.lockByLineage(connection, site, event.lineage().id())
                    .filter(r -> r.state == LinkState.PENDING)
                    .ifPresent(LineageLink::delete));
  }

  /** After a crash between POST and commit: the worklog that was posted, if it was. */
  Optional<TempoWorklog> recover(
      String connection, String site, ReplicaEvent event, Recovery recovery) {
    LineageLink row =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    LineageLink.findByLineage(connection, site, event.lineage().id())
                        .orElseThrow());
    return recovery.find(
        row.localIssueId,
        row.lineage,
        row.pendingHash,
        row.pendingCoreHash,
        id ->
            QuarkusTransaction.requiringNew()
                .call(() -> LineageLink.count("site = ?1 and localWorklogId = ?2", site, id) == 0));
  }

  /**
   * During a verifying replay: when the row's worklog no longer exists on the target (data loss),
   * forgets the row so that the lineage is written again. Returns true when it did.
   */
  boolean forgetIfMissing(String connection, String site, ReplicaEvent event, Recovery recovery) {
    LineageLink row =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    LineageLink.findByLineage(connection, site, event.lineage().id()).orElse(null));
    if (row == null
        || row.state != LinkState.LIVE
        || row.localWorklogId == null
        || row.localIssueId == null
        || recovery.exists(row.localIssueId, row.localWorklogId)) {
      return false;
    }
    forgetLost(connection, site, event, row.localWorklogId);
    return true;
  }

  /** Forgets the row of a lineage whose worklog is gone from the target, to write it again. */
  void forgetLost(String connection, String site, ReplicaEvent event, long localWorklogId) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink.lockByLineage(connection, site, event.lineage().id())
                  .ifPresent(LineageLink::delete);
              LineageHistory.record(
                  connection,
                  site,
                  event.lineage().id(),
                  "LOST",
                  site
                      + ":"
                      + localWorklogId
                      + " is gone from the target; writing it again (replay)");
            });
  }

  /** Records a skip in the lineage's history, with the newest version seen. */
  void skipped(String connection, String site, ReplicaEvent event, String why) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink.findByLineage(connection, site, event.lineage().id())
                  .ifPresent(
                      r -> {
                        r.lastVersion = max(r.lastVersion, event.sourceVersion());
                      });
              LineageHistory.record(
                  connection,
                  site,
                  event.lineage().id(),
                  "SKIPPED",
                  event.type().wireName() + " from " + event.source().site() + ": " + why);
            });
  }

  /** Records which attributes (or attribute values) could not be carried to the target. */
  void attributesLeftOut(String connection, String site, ReplicaEvent event, List<String> what) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                LineageHistory.record(
                    connection,
                    site,
                    event.lineage().id(),
                    "ATTRIBUTES",
                    "left out on " + site + ": " + String.join("; ", what)));
  }

  /** Records, before the update that overwrites it, that the target's own edit lost. */
  void conflict(String connection, String site, ReplicaEvent event, String why) {
    QuarkusTransaction.requiringNew()
        .run(() -> LineageHistory.record(connection, site, event.lineage().id(), "CONFLICT", why));
  }

  /** Records an update written to the target. */
  void updated(String connection, String site, ReplicaEvent event, TempoWorklog written) {
    updated(
        connection,
        site,
        event,
        new Local(written.tempoWorklogId(), written.issueId(), written.content()));
  }

  void updated(String connection, String site, ReplicaEvent event, Local written) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink row =
                  LineageLink.lockByLineage(connection, site, event.lineage().id()).orElseThrow();
              row.lastHash = written.content().hash();
              row.lastCoreHash = written.content().coreHash();
              row.lastVersion = max(row.lastVersion, event.sourceVersion());
              row.lastIdempotencyKey = event.idempotencyKey();
              row.localEdit = false;
              row.touch();
              LineageHistory.record(
                  connection,
                  site,
                  row.lineage,
                  "UPDATED",
                  site
                      + ":"
                      + written.worklogId()
                      + " from "
                      + event.source().site()
                      + ":"
                      + event.source().tempoWorklogId());
            });
  }

  /** Tombstones the lineage on this site (creating the row if it never existed). */
  void tombstone(String connection, String site, ReplicaEvent event, String detail) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink row =
                  LineageLink.lockByLineage(connection, site, event.lineage().id())
                      .orElseGet(
                          () -> {
                            LineageLink created =
                                LineageLink.create(
                                    connection,
                                    site,
                                    event.lineage().id(),
                                    event.lineage().originSite().equals(site)
                                        ? LinkRole.ORIGIN
                                        : LinkRole.REPLICA);
                            created.persist();
                            return created;
                          });
              row.state = LinkState.DELETED;
              row.lastVersion = max(row.lastVersion, event.sourceVersion());
              row.lastIdempotencyKey = event.idempotencyKey();
              row.touch();
              LineageHistory.record(connection, site, row.lineage, "DELETED", detail);
            });
  }

  /**
   * Runs a Tempo call, turning a 401 into a pause and anything else that failed for good into a
   * park.
   */
  static <T> T call(String site, String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (CloudException e) {
      if (e.kind() == ErrorKind.AUTH) {
        throw new AuthPause(site, e.api().isEmpty() ? "tempo" : e.api(), e.getMessage());
      }
      throw new NotYet(what + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The target issue of the event's source issue, or {@link NotYet} while it has no pair, or while
   * the pair is outside the connection's scope on the target (a remote-key field is typed by
   * people: it never leads the bridge to an issue the connection does not name).
   */
  static dev.worklogbridge.inbound.resolve.ResolvedIssue paired(
      dev.worklogbridge.inbound.resolve.IssuePairingResolver pairing,
      IssueScope scope,
      dev.worklogbridge.runtime.config.Connections.View c,
      String site,
      ReplicaEvent e) {
    dev.worklogbridge.inbound.resolve.ResolvedIssue issue =
        call(site, "issue pairing", () -> pairing.resolve(c, e.source().site(), e.issue(), site))
            .orElseThrow(
                () ->
                    new NotYet(
                        dev.worklogbridge.inbound.resolve.IssuePairingResolver.unpaired(e, site),
                        null));
    outsideScope(scope, c, site, issue.id(), issue.key())
        .ifPresent(
            why -> {
              throw new NotYet(why + " (paired by " + issue.how() + ")", null);
            });
    return issue;
  }

  /**
   * Why the bridge must not write on issue {@code issueId} of {@code site}: it is outside the
   * connection's scope there. Empty when it is inside.
   */
  static Optional<String> outsideScope(
      IssueScope scope,
      dev.worklogbridge.runtime.config.Connections.View c,
      String site,
      long issueId,
      String key) {
    if (call(site, "scope check", () -> scope.inScope(c, site, issueId))) {
      return Optional.empty();
    }
    return Optional.of(
        "issue "
            + (key != null ? key : Long.toString(issueId))
            + " is outside the scope of connection "
            + c.name()
            + " on "
            + site);
  }

  /**
   * Why an event may not reach the origin worklog {@code site} holds for its lineage when no link
   * row of {@code site} has it yet: only a replica the bridge linked on the source may speak for a
   * lineage (a lineage id in an event is only as good as the source's link row behind it).
   */
  static Optional<String> unvouchedOrigin(String connection, String site, ReplicaEvent e) {
    boolean vouched =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    LineageLink.findByLineage(connection, e.source().site(), e.lineage().id())
                        .filter(r -> r.role == LinkRole.REPLICA)
                        .filter(r -> r.localWorklogId != null)
                        .filter(r -> r.localWorklogId == e.source().tempoWorklogId())
                        .isPresent());
    if (vouched) {
      return Optional.empty();
    }
    return Optional.of(
        "no link row says "
            + e.source().site()
            + ":"
            + e.source().tempoWorklogId()
            + " is a replica of "
            + e.lineage()
            + "; "
            + site
            + ":"
            + e.lineage().originWorklogId()
            + " is not touched");
  }

  /**
   * What a delete finds already done: no row (a tombstone is recorded), a tombstone, or a delete
   * policy that keeps the worklog. Empty when the target's worklog is to be deleted.
   */
  Optional<Outcome> deleteShortcut(
      dev.worklogbridge.runtime.config.Connections.View c,
      String site,
      ReplicaEvent e,
      LineageLink row) {
    if (row == null) {
      tombstone(
          c.name(), site, e, "deleted on " + e.source().site() + " before it reached " + site);
      return Optional.of(Outcome.skipped("tombstone recorded"));
    }
    if (row.state == LinkState.DELETED) {
      skipped(c.name(), site, e, "already deleted");
      return Optional.of(Outcome.skipped("already deleted"));
    }
    if (c.config().deletePolicy()
        == dev.worklogbridge.runtime.config.BridgeConfig.DeletePolicy.KEEP) {
      tombstone(c.name(), site, e, "kept on " + site + " (delete policy KEEP); no longer synced");
      return Optional.of(Outcome.skipped("kept by delete policy"));
    }
    return Optional.empty();
  }

  /** Why the event is older than what the row holds, or empty when it is not. */
  static Optional<String> older(LineageLink row, ReplicaEvent e, String site) {
    if (row.lastVersion == null || !e.sourceVersion().isBefore(row.lastVersion)) {
      return Optional.empty();
    }
    return Optional.of(
        "older (" + e.sourceVersion() + ") than what " + site + " holds (" + row.lastVersion + ")");
  }

  static boolean refused(NotYet e) {
    return e.getCause() instanceof CloudException c && c.kind() == ErrorKind.PERMANENT;
  }

  static Instant max(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  /** The bulk answer matched to its requests (Tempo keeps the order). */
  record Written(ReplicaEvent event, TempoWorklog worklog) {}

  static List<TempoWorklog> bulk(
      TempoClient tempo, String site, long issueId, List<TempoWorklogRequest> requests) {
    return call(site, "bulk create on issue " + issueId, () -> tempo.createBulk(issueId, requests));
  }
}
