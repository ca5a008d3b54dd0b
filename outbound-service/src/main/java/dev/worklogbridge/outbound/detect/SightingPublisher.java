package dev.worklogbridge.outbound.detect;

import dev.worklogbridge.cloud.JiraIssue;
import dev.worklogbridge.cloud.JiraUser;
import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.model.EventType;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.outbound.publish.ReplicaPublisher;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.events.ReplicaEvents;
import dev.worklogbridge.store.LineageHistory;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.ledger.LocalWorklog;
import dev.worklogbridge.store.ledger.SightingLedger;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns worklogs seen on a site (by webhook, poll or backfill) into replica events, exactly one per
 * real change: the link rows say what the bridge already knows, so a second sighting, the echo of
 * the inbound side's own write, or a stale state publishes nothing. A person's edit of a replica is
 * published as an update of its lineage, so it flows back to the original.
 */
@ApplicationScoped
public class SightingPublisher {

  @Inject Connections connections;
  @Inject dev.worklogbridge.runtime.scope.IssueScope scope;
  @Inject Enricher enricher;
  @Inject ReplicaPublisher publisher;
  @Inject SightingLedger ledger;
  @Inject MeterRegistry metrics;
  @Inject Unprocessable unprocessable;
  @Inject dev.worklogbridge.runtime.site.WorkAttributeCatalog attributeCatalog;

  /** What a batch came to. */
  public record Result(int published, int skipped) {
    Result plus(Result other) {
      return new Result(published + other.published, skipped + other.skipped);
    }
  }

  private record Candidate(Connections.View connection, TempoWorklog worklog) {}

  /**
   * Worklogs as they now are on {@code site}. Idempotent: safe to call again with the same state. A
   * worklog that cannot be processed (its data breaks a rule) is recorded as unprocessable and
   * passed over, so that one worklog never stops a site; a failure of Kafka, the database or a site
   * is thrown, and the whole batch is seen again.
   */
  public Result worklogsSeen(String site, List<TempoWorklog> worklogs, String via) {
    try {
      return seen(site, worklogs, via);
    } catch (RuntimeException e) {
      if (!Unprocessable.isWorklogsFault(e)) {
        throw e;
      }
      // One worklog spoils the batch: each on its own, the bad one recorded and passed over.
      Result total = new Result(0, 0);
      for (TempoWorklog w : worklogs) {
        try {
          total = total.plus(seen(site, List.of(w), via));
        } catch (RuntimeException one) {
          if (!Unprocessable.isWorklogsFault(one)) {
            throw one;
          }
          unprocessable.record(site, w, via, one);
          total = total.plus(new Result(0, 1));
        }
      }
      return total;
    }
  }

  private Result seen(String site, List<TempoWorklog> worklogs, String via) {
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
        candidates.add(new Candidate(c, w));
      }
    }
    // Look first without locks, so that enrichment (HTTP) happens only for real news, outside any
    // transaction.
    List<SightingLookup.Sighting> decisions =
        QuarkusTransaction.requiringNew().call(() -> look(candidates, site, false));
    List<Candidate> news = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate cand = candidates.get(i);
      SightingLookup.Sighting sighting = decisions.get(i);
      Decision d = sighting.decision();
      if (!d.publishes()) {
        skipped += count(site, cand, d, via);
        if (d == Decision.SKIP_DELETED && sighting.row().localWorklogId == null) {
          QuarkusTransaction.requiringNew()
              .run(() -> deletedBeforeSeen(cand, site, sighting.lineage()));
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
    List<SightingLookup.Sighting> looked =
        look(prepared.stream().map(Prepared::candidate).toList(), site, true);
    for (int i = 0; i < prepared.size(); i++) {
      Prepared p = prepared.get(i);
      Candidate cand = p.candidate();
      SightingLookup.Sighting sighting = looked.get(i);
      Decision d = sighting.decision();
      if (!d.publishes()) {
        skipped += count(site, cand, d, via);
        continue;
      }
      TempoWorklog w = cand.worklog();
      String lineage = sighting.lineage();
      boolean created = d == Decision.NEW_ORIGIN;
      ReplicaEvent event =
          event(cand, site, lineage, created ? EventType.CREATED : EventType.UPDATED, p);
      if (created) {
        ledger.newOrigin(
            cand.connection().name(),
            site,
            new LocalWorklog(w.tempoWorklogId(), w.issueId(), w.content()),
            w.updatedAt(),
            event);
      } else {
        ledger.edited(sighting.row(), w.content(), w.updatedAt(), event);
      }
      events.add(event);
      if (sighting.ignoredMarker() != null) {
        markerIgnored(cand.connection().name(), site, lineage, w, sighting.ignoredMarker());
      }
      ledger.published(
          cand.connection().name(),
          site,
          lineage,
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

  /**
   * A marker that no link row gives this worklog: typed, copied or forged. It is not believed; the
   * worklog keeps the lineage the bridge's own records give it.
   */
  private void markerIgnored(
      String connection, String site, String lineage, TempoWorklog w, String marker) {
    metrics.counter("worklog_bridge_markers_ignored", "site", site).increment();
    String shown = marker.length() > 100 ? marker.substring(0, 100) + "..." : marker;
    LineageHistory.record(
        connection,
        site,
        lineage,
        "MARKER_IGNORED",
        site
            + ":"
            + w.tempoWorklogId()
            + " carries the marker '"
            + shown
            + "', but no link row gives it that lineage; it is synced as "
            + lineage
            + " and nothing of that lineage is touched");
    Log.warnf(
        "%s: %s:%d carries a lineage marker the bridge did not give it; ignored (synced as %s)",
        connection, site, w.tempoWorklogId(), lineage);
  }

  /** Decides a whole batch from a few queries per connection (a poll re-reads its overlap). */
  private List<SightingLookup.Sighting> look(
      List<Candidate> candidates, String site, boolean lock) {
    Map<String, java.util.Iterator<SightingLookup.Sighting>> byConnection = new HashMap<>();
    for (Connections.View c : connections.including(site)) {
      List<TempoWorklog> mine =
          candidates.stream()
              .filter(x -> x.connection().name().equals(c.name()))
              .map(Candidate::worklog)
              .toList();
      byConnection.put(c.name(), SightingLookup.decide(c.name(), site, mine, lock).iterator());
    }
    List<SightingLookup.Sighting> out = new ArrayList<>(candidates.size());
    for (Candidate cand : candidates) {
      out.add(byConnection.get(cand.connection().name()).next());
    }
    return out;
  }

  /**
   * The lineage this worklog originates was tombstoned before the bridge first saw the worklog (a
   * deletion that overtook its create). It stays deleted; the row learns the worklog's id, so the
   * next sighting is recognised at once, and the history says why it was not synced.
   */
  private void deletedBeforeSeen(Candidate cand, String site, String lineage) {
    ledger.seenAfterDeletion(
        cand.connection().name(),
        site,
        lineage,
        cand.worklog().tempoWorklogId(),
        cand.worklog().issueId(),
        Unprocessable.DELETED_BEFORE_SEEN);
  }

  private int count(String site, Candidate cand, Decision d, String via) {
    if (d == Decision.SKIP_SAME || d == Decision.SKIP_PENDING_ECHO) {
      metrics.counter("worklog_bridge_echoes_suppressed", "site", site, "via", via).increment();
    }
    Log.debugf(
        "%s %s:%d -> %s", cand.connection().name(), site, cand.worklog().tempoWorklogId(), d);
    return 1;
  }

  private ReplicaEvent event(
      Candidate cand, String site, String lineage, EventType type, Prepared p) {
    return ReplicaEvents.of(
        cand.connection().name(),
        site,
        lineage,
        type,
        cand.worklog(),
        p.issue(),
        p.author(),
        cand.worklog().attributes().isEmpty() ? Map.of() : attributeCatalog.of(site));
  }
}
