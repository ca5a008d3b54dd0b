package dev.worklogbridge.outbound.detect;

import dev.worklogbridge.cloud.JiraIssue;
import dev.worklogbridge.cloud.JiraUser;
import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.model.EventType;
import dev.worklogbridge.model.IssueRef;
import dev.worklogbridge.model.Lineage;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.SourceRef;
import dev.worklogbridge.model.WorklogContent;
import dev.worklogbridge.outbound.publish.ReplicaPublisher;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.events.ReplicaEvents;
import dev.worklogbridge.store.LineageHistory;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.LinkState;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns worklogs seen on a site (by webhook, poll or backfill) into replica events, exactly one per
 * real change: the link rows say what the bridge already knows, so a second sighting, the echo of
 * the inbound side's own write, or a stale state publishes nothing. A person's edit of a replica is
 * published as an update of its lineage, so it flows back to the original.
 */
@ApplicationScoped
public class ChangeProcessor {

  @Inject Connections connections;
  @Inject ScopeCheck scope;
  @Inject Enricher enricher;
  @Inject ReplicaPublisher publisher;
  @Inject MeterRegistry metrics;
  @Inject dev.worklogbridge.runtime.site.WorkAttributeCatalog attributeCatalog;

  /** What a batch came to. */
  public record Result(int published, int skipped) {}

  private record Candidate(
      Connections.View connection, TempoWorklog worklog, String lineage, boolean marker) {}

  /**
   * Worklogs as they now are on {@code site}. Idempotent: safe to call again with the same state.
   */
  public Result worklogsSeen(String site, List<TempoWorklog> worklogs, String via) {
    metrics
        .counter("worklog_bridge_changes_seen", "site", site, "via", via)
        .increment(worklogs.size());
    List<Candidate> candidates = new ArrayList<>();
    int skipped = 0;
    for (Connections.View c : connections.including(site)) {
      if (!c.flowsFrom(site)) {
        continue;
      }
      for (TempoWorklog w : worklogs) {
        candidates.add(candidate(c, site, w));
      }
    }
    // Look first without locks, so that enrichment (HTTP) happens only for real news, outside any
    // transaction.
    List<Decision> decisions =
        QuarkusTransaction.requiringNew().call(() -> decideAll(candidates, site));
    List<Candidate> news = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate cand = candidates.get(i);
      Decision d = decisions.get(i);
      if (!d.publishes()) {
        skipped += count(site, cand, d);
        if (d == Decision.ADOPT_REPLICA) {
          QuarkusTransaction.requiringNew().run(() -> adopt(cand, site));
        }
        continue;
      }
      if (d == Decision.NEW_ORIGIN
          && !scope.inScope(cand.connection(), site, cand.worklog().issueId())) {
        skipped++;
        metrics.counter("worklog_bridge_out_of_scope", "site", site).increment();
        continue;
      }
      news.add(cand);
    }
    if (news.isEmpty()) {
      return new Result(0, skipped);
    }
    List<Prepared> prepared = new ArrayList<>();
    for (Candidate cand : news) {
      prepared.add(
          new Prepared(
              cand,
              enricher.issue(site, cand.worklog().issueId()),
              enricher.user(site, cand.worklog().authorAccountId())));
    }
    int[] outcome;
    try {
      outcome = QuarkusTransaction.requiringNew().call(() -> publish(site, prepared, via));
    } catch (RuntimeException e) {
      if (!concurrentSighting(e)) {
        throw e;
      }
      // A webhook and a poll saw the same new worklog at once and the other one won (nothing was
      // published by this attempt); a second pass finds its row and publishes only what is left.
      Log.debugf("%s: a concurrent sighting won; deciding again", site);
      outcome = QuarkusTransaction.requiringNew().call(() -> publish(site, prepared, via));
    }
    return new Result(outcome[0], skipped + outcome[1]);
  }

  private static boolean concurrentSighting(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.hibernate.exception.ConstraintViolationException) {
        return true;
      }
    }
    return false;
  }

  private record Prepared(
      Candidate candidate, Optional<JiraIssue> issue, Optional<JiraUser> author) {}

  private int[] publish(String site, List<Prepared> prepared, String via) {
    List<ReplicaEvent> events = new ArrayList<>();
    int skipped = 0;
    Looked looked = look(prepared.stream().map(Prepared::candidate).toList(), site, true);
    for (int i = 0; i < prepared.size(); i++) {
      Prepared p = prepared.get(i);
      Candidate cand = p.candidate();
      Decision d = looked.decisions().get(i);
      if (!d.publishes()) {
        skipped += count(site, cand, d);
        continue;
      }
      TempoWorklog w = cand.worklog();
      WorklogContent content = w.content();
      LineageLink row =
          d == Decision.NEW_ORIGIN
              ? LineageLink.create(cand.connection().name(), site, cand.lineage(), LinkRole.ORIGIN)
              : looked.rows().get(i);
      if (d == Decision.NEW_ORIGIN) {
        row.state = LinkState.LIVE;
        row.localWorklogId = w.tempoWorklogId();
        row.localIssueId = w.issueId();
      }
      row.lastHash = content.hash();
      row.lastCoreHash = content.coreHash();
      row.lastVersion = max(row.lastVersion, w.updatedAt());
      row.localEdit = d != Decision.NEW_ORIGIN;
      row.touch();
      if (d == Decision.NEW_ORIGIN) {
        row.persist();
      }
      ReplicaEvent event =
          event(cand, site, d == Decision.NEW_ORIGIN ? EventType.CREATED : EventType.UPDATED, p);
      row.lastIdempotencyKey = event.idempotencyKey();
      events.add(event);
      LineageHistory.record(
          cand.connection().name(),
          site,
          cand.lineage(),
          "PUBLISHED",
          event.type().wireName()
              + " from "
              + site
              + ":"
              + w.tempoWorklogId()
              + " (seen by "
              + via
              + ")");
    }
    // Surface a concurrent insert of the same row (unique index) before anything is published.
    LineageLink.flush();
    publisher.publishAll(events);
    return new int[] {events.size(), skipped};
  }

  /** A worklog deleted on {@code site}: publish the deletion of its lineage, once. */
  public Result worklogDeleted(String site, long tempoWorklogId, Instant deletedAt, String via) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<ReplicaEvent> events = new ArrayList<>();
              int skipped = 0;
              for (Connections.View c : connections.including(site)) {
                Optional<LineageLink> found =
                    LineageLink.lockByLocalWorklog(c.name(), site, tempoWorklogId);
                if (found.isEmpty() || found.get().state == LinkState.DELETED) {
                  skipped++;
                  continue;
                }
                LineageLink row = found.get();
                row.state = LinkState.DELETED;
                row.lastVersion = max(row.lastVersion, deletedAt);
                row.touch();
                if (!c.flowsFrom(site)) {
                  continue;
                }
                Instant version = deletedAt != null ? deletedAt : Instant.now();
                ReplicaEvent event =
                    new ReplicaEvent(
                        ReplicaEvent.SCHEMA_VERSION,
                        UUID.randomUUID().toString(),
                        EventType.DELETED,
                        c.name(),
                        Lineage.parse(row.lineage),
                        new SourceRef(site, tempoWorklogId, null),
                        version,
                        Instant.now(),
                        row.localIssueId == null ? null : new IssueRef(row.localIssueId, null),
                        null,
                        null,
                        null);
                row.lastIdempotencyKey = event.idempotencyKey();
                events.add(event);
                LineageHistory.record(
                    c.name(),
                    site,
                    row.lineage,
                    "PUBLISHED",
                    "deleted on " + site + ":" + tempoWorklogId + " (seen by " + via + ")");
              }
              LineageLink.flush();
              publisher.publishAll(events);
              return new Result(events.size(), skipped);
            });
  }

  private Candidate candidate(Connections.View c, String site, TempoWorklog w) {
    Optional<String> marker = w.lineageMarker();
    return new Candidate(
        c, w, marker.orElse(new Lineage(site, w.tempoWorklogId()).id()), marker.isPresent());
  }

  /** Decisions for a batch, with the rows they were made from (null where none exists). */
  private record Looked(List<Decision> decisions, List<LineageLink> rows) {}

  private List<Decision> decideAll(List<Candidate> candidates, String site) {
    return look(candidates, site, false).decisions();
  }

  /**
   * Decides a whole batch from a few queries per connection: its rows by local worklog id and by
   * lineage, and the creates in flight on its issues (a poll re-reads its overlap window every
   * time; it must stay cheap). With {@code lock}, the rows are locked until the transaction ends.
   */
  private Looked look(List<Candidate> candidates, String site, boolean lock) {
    Map<String, Map<Long, LineageLink>> byLocal = new HashMap<>();
    Map<String, Map<String, LineageLink>> byLineage = new HashMap<>();
    Map<String, java.util.Set<String>> pending = new HashMap<>();
    for (Connections.View c : connections.including(site)) {
      List<Candidate> mine =
          candidates.stream().filter(x -> x.connection().name().equals(c.name())).toList();
      List<Long> ids = mine.stream().map(x -> x.worklog().tempoWorklogId()).distinct().toList();
      List<String> lineages =
          mine.stream().filter(Candidate::marker).map(Candidate::lineage).distinct().toList();
      Map<Long, LineageLink> local = new HashMap<>();
      if (!ids.isEmpty()) {
        query("connection = ?1 and site = ?2 and localWorklogId in ?3", lock, c.name(), site, ids)
            .forEach(r -> local.put(r.localWorklogId, r));
      }
      Map<String, LineageLink> marked = new HashMap<>();
      if (!lineages.isEmpty()) {
        query("connection = ?1 and site = ?2 and lineage in ?3", lock, c.name(), site, lineages)
            .forEach(r -> marked.put(r.lineage, r));
      }
      byLocal.put(c.name(), local);
      byLineage.put(c.name(), marked);
      pending.put(
          c.name(),
          LineageLink.pendingKeys(
              c.name(), site, mine.stream().map(x -> x.worklog().issueId()).distinct().toList()));
    }
    List<Decision> decisions = new ArrayList<>(candidates.size());
    List<LineageLink> rows = new ArrayList<>(candidates.size());
    for (Candidate cand : candidates) {
      String connection = cand.connection().name();
      TempoWorklog w = cand.worklog();
      LineageLink row =
          cand.marker()
              ? byLineage.get(connection).get(cand.lineage())
              : byLocal.get(connection).get(w.tempoWorklogId());
      String hash = w.content().hash();
      boolean pendingEcho =
          row == null && pending.get(connection).contains(w.issueId() + "|" + hash);
      decisions.add(Decision.of(row, cand.marker(), pendingEcho, hash, w.updatedAt()));
      rows.add(row);
    }
    return new Looked(decisions, rows);
  }

  private static List<LineageLink> query(String where, boolean lock, Object... params) {
    var q = LineageLink.<LineageLink>find(where, params);
    return lock ? q.withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).list() : q.list();
  }

  private void adopt(Candidate cand, String site) {
    if (LineageLink.lockByLineage(cand.connection().name(), site, cand.lineage()).isPresent()) {
      return;
    }
    TempoWorklog w = cand.worklog();
    LineageLink row =
        LineageLink.create(cand.connection().name(), site, cand.lineage(), LinkRole.REPLICA);
    row.state = LinkState.LIVE;
    row.localWorklogId = w.tempoWorklogId();
    row.localIssueId = w.issueId();
    row.lastHash = w.content().hash();
    row.lastCoreHash = w.content().coreHash();
    row.lastVersion = w.updatedAt();
    row.persist();
    Log.infof(
        "%s: adopted replica %s:%d of lineage %s (marker without a link row)",
        cand.connection().name(), site, w.tempoWorklogId(), cand.lineage());
  }

  private int count(String site, Candidate cand, Decision d) {
    if (d == Decision.SKIP_SAME || d == Decision.SKIP_PENDING_ECHO) {
      metrics.counter("worklog_bridge_echoes_suppressed", "site", site).increment();
    }
    Log.debugf(
        "%s %s:%d -> %s", cand.connection().name(), site, cand.worklog().tempoWorklogId(), d);
    return 1;
  }

  private ReplicaEvent event(Candidate cand, String site, EventType type, Prepared p) {
    return ReplicaEvents.of(
        cand.connection().name(),
        site,
        cand.lineage(),
        type,
        cand.worklog(),
        p.issue(),
        p.author(),
        cand.worklog().attributes().isEmpty() ? Map.of() : attributeCatalog.of(site));
  }

  private static Instant max(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
