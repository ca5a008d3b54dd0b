package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.cloud.TempoClient;
import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.cloud.TempoWorklogRequest;
import dev.worklogbridge.inbound.resolve.AuthorChoice;
import dev.worklogbridge.inbound.resolve.AuthorResolver;
import dev.worklogbridge.inbound.resolve.IssuePairingResolver;
import dev.worklogbridge.inbound.resolve.RequestMapper;
import dev.worklogbridge.inbound.resolve.ResolvedIssue;
import dev.worklogbridge.model.EventType;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.scope.IssueScope;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.runtime.tracing.BridgeSpans;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.LinkState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies replica events to one target site: resolves the issue and the author, maps the fields,
 * and writes through {@link WorklogWriter}. What cannot be applied now is parked per lineage, and
 * later events of that lineage wait behind it while every other lineage flows. Creates that pile up
 * on one issue go through Tempo's bulk endpoint, 50 at a time.
 */
@ApplicationScoped
public class ReplicaApplier {

  @Inject Sites sites;
  @Inject BridgeConfig config;
  @Inject IssuePairingResolver pairing;
  @Inject dev.worklogbridge.inbound.resolve.TargetRules rules;
  @Inject AuthorResolver authors;
  @Inject RequestMapper mapper;
  @Inject WorklogWriter writer;
  @Inject Parking parking;
  @Inject MeterRegistry metrics;
  @Inject JiraTarget jiraTarget;
  @Inject IssueScope scope;
  @Inject BridgeSpans spans;

  /**
   * Whether the batch on this thread verifies link rows against the target (replay after data
   * loss).
   */
  private final ThreadLocal<Boolean> verifying = ThreadLocal.withInitial(() -> false);

  /** The trace context of each event of the batch on this thread, by event id. */
  private final ThreadLocal<Map<String, Context>> traces = ThreadLocal.withInitial(Map::of);

  /** A span for applying {@code e}, in the trace its record carried. */
  private Span traced(Connections.View c, String site, ReplicaEvent e) {
    return spans.apply(traces.get().get(e.eventId()), c.name(), site, e);
  }

  /** Applies a batch from the topic; parks what cannot be applied; throws {@link AuthPause}. */
  public List<Outcome> applyBatch(Connections.View c, String site, List<ReplicaEvent> events) {
    return applyBatch(c, site, events, null);
  }

  /**
   * As {@link #applyBatch(Connections.View, String, List)}; with {@code verify} (a replay after the
   * target lost data), a link row is trusted only if its worklog still exists on the target.
   */
  public List<Outcome> applyBatch(
      Connections.View c, String site, List<ReplicaEvent> events, Recovery verify) {
    return applyBatch(c, site, events, verify, Map.of());
  }

  /**
   * As {@link #applyBatch(Connections.View, String, List, Recovery)}, each event's apply and target
   * write traced as part of the change's trace ({@code traces}: event id to the context its record
   * carried).
   */
  public List<Outcome> applyBatch(
      Connections.View c,
      String site,
      List<ReplicaEvent> events,
      Recovery verify,
      Map<String, Context> traces) {
    this.traces.set(traces);
    boolean tempo = sites.site(site).hasTempo();
    Recovery recovery = verify != null ? verify : recovery(site);
    this.verifying.set(verify != null);
    Map<String, List<ReplicaEvent>> byLineage = new LinkedHashMap<>();
    for (ReplicaEvent e : events) {
      if (relevant(c, site, e)) {
        byLineage.computeIfAbsent(e.lineage().id(), k -> new ArrayList<>()).add(e);
      }
    }
    Set<String> parked = parking.parkedAmong(c.name(), site, byLineage.keySet());
    // A lineage whose row already applied the group's last change needs nothing: the earlier ones
    // are older versions of it (one lineage, one partition, in order). Not while verifying.
    Set<String> applied = Set.of();
    if (verify == null && !byLineage.isEmpty()) {
      Map<String, String> lastKeys = new java.util.HashMap<>();
      byLineage.forEach(
          (lineage, group) -> lastKeys.put(lineage, group.get(group.size() - 1).idempotencyKey()));
      applied = writer.alreadyApplied(c.name(), site, lastKeys);
    }
    List<Outcome> outcomes = new ArrayList<>();
    List<ReplicaEvent> creates = new ArrayList<>();
    for (Map.Entry<String, List<ReplicaEvent>> lineage : byLineage.entrySet()) {
      List<ReplicaEvent> group = lineage.getValue();
      if (applied.contains(lineage.getKey()) && !parked.contains(lineage.getKey())) {
        group.forEach(
            e ->
                outcomes.add(
                    counted(
                        c, site, e, Outcome.skipped("already applied (redelivery or replay)"))));
      } else if (parked.contains(lineage.getKey())) {
        group.forEach(
            e ->
                outcomes.add(
                    parking.park(c.name(), site, e, "waiting behind an earlier parked event")));
      } else if (config.inbound().useBulk()
          && tempo
          && group.size() == 1
          && group.get(0).type() == EventType.CREATED) {
        creates.add(group.get(0));
      } else {
        applyInOrder(c, site, group, recovery, outcomes);
      }
    }
    createMany(c, site, creates, recovery, outcomes);
    return outcomes;
  }

  private void applyInOrder(
      Connections.View c,
      String site,
      List<ReplicaEvent> group,
      Recovery recovery,
      List<Outcome> outcomes) {
    String blockedBy = null;
    for (ReplicaEvent e : group) {
      if (blockedBy != null) {
        outcomes.add(
            parking.park(
                c.name(), site, e, "waiting behind an earlier parked event: " + blockedBy));
        continue;
      }
      Span span = traced(c, site, e);
      try (Scope ignored = span.makeCurrent()) {
        outcomes.add(counted(c, site, e, apply(c, site, e, recovery)));
      } catch (RuntimeException failed) {
        BridgeSpans.failed(span, failed);
        NotYet n = Unexpected.parkable(site, failed);
        blockedBy = n.getMessage();
        outcomes.add(parking.park(c.name(), site, e, n.getMessage()));
      } finally {
        span.end();
      }
    }
  }

  /** Applies one event, or throws {@link NotYet} (park it) or {@link AuthPause}. */
  public Outcome apply(Connections.View c, String site, ReplicaEvent e, Recovery recovery) {
    if (!sites.site(site).hasTempo()) {
      return jiraTarget.apply(c, site, e, verifying.get());
    }
    return switch (e.type()) {
      case CREATED -> create(c, site, e, recovery);
      case UPDATED -> update(c, site, e, recovery);
      case DELETED -> delete(c, site, e, recovery);
    };
  }

  /** A new recovery scope for callers outside a batch (parked retries). */
  public Recovery recovery(String site) {
    // A site without Tempo recovers through its Jira worklogs' properties (JiraTarget).
    return new Recovery(site, sites.site(site).tempo().orElse(null));
  }

  public static boolean relevant(Connections.View c, String site, ReplicaEvent e) {
    String source = e.source().site();
    return c.name().equals(e.connection())
        && !source.equals(site)
        && c.includes(source)
        && c.flowsFrom(source);
  }

  // ---- create ----

  private record Prepared(ReplicaEvent event, ResolvedIssue issue, TempoWorklogRequest request) {}

  private Prepared prepare(Connections.View c, String site, ReplicaEvent e) {
    ResolvedIssue issue = WorklogWriter.paired(pairing, scope, c, site, e);
    AuthorChoice author = author(c, site, e);
    RequestMapper.Mapped mapped =
        WorklogWriter.call(
            site, "attribute check", () -> mapper.map(c, site, e, issue.id(), author, false, null));
    if (!mapped.droppedAttributes().isEmpty()) {
      writer.attributesLeftOut(c.name(), site, e, mapped.droppedAttributes());
    }
    honoured(site, mapped.request(), -1);
    return new Prepared(e, issue, mapped.request());
  }

  /** Parks, with the reason, a write the target's global configuration would refuse. */
  private void honoured(String site, TempoWorklogRequest request, long replacing) {
    WorklogWriter.call(site, "configuration check", () -> rules.broken(site, request, replacing))
        .ifPresent(
            reason -> {
              throw new NotYet(reason, null);
            });
  }

  private AuthorChoice author(Connections.View c, String site, ReplicaEvent e) {
    return WorklogWriter.call(site, "author lookup", () -> authors.resolve(c, site, e.author()))
        .orElseThrow(
            () ->
                new NotYet(
                    "author "
                        + e.author().accountId()
                        + " is unknown on "
                        + site
                        + " and no fallback account is configured (bridge.connections."
                        + c.name()
                        + ".authors.fallback-account."
                        + site
                        + ")",
                    null));
  }

  private Outcome create(Connections.View c, String site, ReplicaEvent e, Recovery recovery) {
    Prepared p = prepare(c, site, e);
    return switch (writer.claim(
        c.name(), site, e, p.issue().id(), p.request().content(), LinkRole.REPLICA)) {
      case DELETED -> skip(c, site, e, "the lineage was deleted on " + site + " (tombstone)");
      case LIVE, SAME -> {
        if (verifying.get() && writer.forgetIfMissing(c.name(), site, e, recovery)) {
          yield create(c, site, e, recovery);
        }
        yield update(c, site, e, recovery);
      }
      case PENDING -> {
        Optional<TempoWorklog> posted = writer.recover(c.name(), site, e, recovery);
        if (posted.isPresent()) {
          writer.live(c.name(), site, e, posted.get(), "recovered");
          yield update(c, site, e, recovery);
        }
        yield post(c, site, p, recovery);
      }
      case NEW -> post(c, site, p, recovery);
    };
  }

  private Outcome post(Connections.View c, String site, Prepared p, Recovery recovery) {
    TempoClient tempo = sites.site(site).requireTempo();
    TempoWorklog written;
    try {
      written = WorklogWriter.call(site, "create", () -> tempo.create(p.request()));
    } catch (NotYet n) {
      if (WorklogWriter.refused(n)) {
        writer.release(c.name(), site, p.event());
      }
      throw n;
    }
    writer.live(c.name(), site, p.event(), written, "created");
    recovery.add(written);
    return new Outcome(Outcome.Kind.CREATED, site + ":" + written.tempoWorklogId());
  }

  /**
   * Creates grouped by source issue, one group after the other: the group's pairing lookup (Jira),
   * its claims and its bulk calls (Tempo) interleave, so each API's rate limit is used while the
   * other's waits.
   */
  private void createMany(
      Connections.View c,
      String site,
      List<ReplicaEvent> creates,
      Recovery recovery,
      List<Outcome> outcomes) {
    Map<Long, List<ReplicaEvent>> bySource = new LinkedHashMap<>();
    for (ReplicaEvent e : creates) {
      bySource
          .computeIfAbsent(e.issue() == null ? -1L : e.issue().id(), k -> new ArrayList<>())
          .add(e);
    }
    for (List<ReplicaEvent> group : bySource.values()) {
      createGroup(c, site, group, recovery, outcomes);
    }
  }

  private void createGroup(
      Connections.View c,
      String site,
      List<ReplicaEvent> creates,
      Recovery recovery,
      List<Outcome> outcomes) {
    List<Prepared> prepared = new ArrayList<>();
    for (ReplicaEvent e : creates) {
      try {
        prepared.add(prepare(c, site, e));
      } catch (RuntimeException failed) {
        outcomes.add(
            parking.park(c.name(), site, e, Unexpected.parkable(site, failed).getMessage()));
      }
    }
    Map<String, WorklogWriter.Claim> claims = new java.util.HashMap<>();
    for (int from = 0; from < prepared.size(); from += 500) {
      claims.putAll(
          writer.claimAll(
              c.name(),
              site,
              prepared.subList(from, Math.min(prepared.size(), from + 500)).stream()
                  .map(p -> new WorklogWriter.ToClaim(p.event(), p.issue().id(), p.request()))
                  .toList()));
    }
    Map<Long, List<Prepared>> byIssue = new LinkedHashMap<>();
    for (Prepared p : prepared) {
      ReplicaEvent e = p.event();
      try {
        WorklogWriter.Claim claim = claims.get(e.lineage().id());
        if (claim == WorklogWriter.Claim.SAME && !verifying.get()) {
          // Already applied (a redelivery or a replay): nothing to read, write or record.
          outcomes.add(counted(c, site, e, Outcome.skipped("already holds this content")));
          continue;
        }
        boolean toPost = claim == WorklogWriter.Claim.NEW;
        if (claim == WorklogWriter.Claim.PENDING && !verifying.get()) {
          // A create cut short (a crash after the claim): posted already, or still to post in bulk.
          Optional<TempoWorklog> posted = writer.recover(c.name(), site, e, recovery);
          if (posted.isPresent()) {
            writer.live(c.name(), site, e, posted.get(), "recovered");
            outcomes.add(
                counted(
                    c, site, e, Outcome.skipped("recovered the worklog posted before a crash")));
            continue;
          }
          toPost = true;
        }
        if (toPost) {
          byIssue.computeIfAbsent(p.issue().id(), k -> new ArrayList<>()).add(p);
        } else {
          outcomes.add(counted(c, site, e, create(c, site, e, recovery)));
        }
      } catch (RuntimeException failed) {
        outcomes.add(
            parking.park(c.name(), site, e, Unexpected.parkable(site, failed).getMessage()));
      }
    }
    TempoClient tempo = sites.site(site).requireTempo();
    for (Map.Entry<Long, List<Prepared>> issue : byIssue.entrySet()) {
      List<Prepared> all = issue.getValue();
      for (int from = 0; from < all.size(); from += 50) {
        List<Prepared> chunk = all.subList(from, Math.min(all.size(), from + 50));
        if (chunk.size() == 1) {
          singly(c, site, chunk, outcomes, recovery);
          continue;
        }
        Span span =
            spans.bulk(
                c.name(),
                site,
                chunk.stream()
                    .map(p -> traces.get().getOrDefault(p.event().eventId(), Context.root()))
                    .toList());
        try (Scope ignored = span.makeCurrent()) {
          List<TempoWorklog> written =
              WorklogWriter.bulk(
                  tempo, site, issue.getKey(), chunk.stream().map(Prepared::request).toList());
          List<WorklogWriter.Written> done = new ArrayList<>();
          for (int i = 0; i < chunk.size(); i++) {
            done.add(new WorklogWriter.Written(chunk.get(i).event(), written.get(i)));
          }
          writer.liveAll(c.name(), site, done, "bulk-created");
          for (int i = 0; i < chunk.size(); i++) {
            recovery.add(written.get(i));
            outcomes.add(
                counted(
                    c,
                    site,
                    chunk.get(i).event(),
                    new Outcome(
                        Outcome.Kind.CREATED, site + ":" + written.get(i).tempoWorklogId())));
          }
        } catch (RuntimeException failed) {
          BridgeSpans.failed(span, failed);
          NotYet n = Unexpected.parkable(site, failed);
          if (WorklogWriter.refused(n)) {
            // A bulk is all or nothing: nothing was created. Post one by one to find the bad one.
            chunk.forEach(p -> writer.release(c.name(), site, p.event()));
            singly(c, site, chunk, outcomes, recovery);
          } else {
            chunk.forEach(
                p -> outcomes.add(parking.park(c.name(), site, p.event(), n.getMessage())));
          }
        } finally {
          span.end();
        }
      }
    }
  }

  private void singly(
      Connections.View c,
      String site,
      List<Prepared> chunk,
      List<Outcome> outcomes,
      Recovery recovery) {
    for (Prepared p : chunk) {
      Span span = traced(c, site, p.event());
      try (Scope ignored = span.makeCurrent()) {
        if (writer.claim(
                c.name(), site, p.event(), p.issue().id(), p.request().content(), LinkRole.REPLICA)
            != WorklogWriter.Claim.LIVE) {
          outcomes.add(counted(c, site, p.event(), post(c, site, p, recovery)));
        }
      } catch (RuntimeException failed) {
        BridgeSpans.failed(span, failed);
        outcomes.add(
            parking.park(
                c.name(), site, p.event(), Unexpected.parkable(site, failed).getMessage()));
      } finally {
        span.end();
      }
    }
  }

  // ---- update ----

  private Outcome update(Connections.View c, String site, ReplicaEvent e, Recovery recovery) {
    TempoClient tempo = sites.site(site).requireTempo();
    LineageLink row =
        QuarkusTransaction.requiringNew()
            .call(() -> LineageLink.findByLineage(c.name(), site, e.lineage().id()).orElse(null));
    if (row == null && e.lineage().originSite().equals(site)) {
      Optional<String> unvouched = WorklogWriter.unvouchedOrigin(c.name(), site, e);
      if (unvouched.isPresent()) {
        return skip(c, site, e, unvouched.get());
      }
      row = adoptOrigin(c, site, e, tempo);
      if (row == null) {
        return skip(c, site, e, "the original " + e.lineage() + " no longer exists on " + site);
      }
    }
    if (row == null || row.state == LinkState.PENDING) {
      return create(c, site, e, recovery);
    }
    if (row.state == LinkState.DELETED) {
      return skip(c, site, e, "the lineage was deleted on " + site + " (tombstone)");
    }
    if (verifying.get()
        && row.role == LinkRole.REPLICA
        && writer.forgetIfMissing(c.name(), site, e, recovery)) {
      return create(c, site, e, recovery);
    }
    Optional<String> older = WorklogWriter.older(row, e, site);
    if (older.isPresent()) {
      return skip(c, site, e, older.get());
    }
    boolean toOrigin = row.role == LinkRole.ORIGIN;
    AuthorChoice author = author(c, site, e);
    long issueId = row.localIssueId;
    if (!toOrigin) {
      RequestMapper.Mapped quick = mapper.map(c, site, e, issueId, author, false, null);
      if (quick.request().content().hash().equals(row.lastHash)) {
        return skip(c, site, e, "already holds this content");
      }
    }
    long localId = row.localWorklogId;
    Optional<TempoWorklog> current = WorklogWriter.call(site, "read", () -> tempo.get(localId));
    if (current.isEmpty()) {
      return skip(
          c,
          site,
          e,
          "the worklog " + site + ":" + localId + " is gone (its deletion will follow)");
    }
    TempoWorklog now = current.get();
    Optional<String> outside = WorklogWriter.outsideScope(scope, c, site, now.issueId(), null);
    if (outside.isPresent()) {
      return skip(c, site, e, site + ":" + localId + " not touched: " + outside.get());
    }
    TempoWorklogRequest request = mapper.map(c, site, e, issueId, author, toOrigin, now).request();
    if (request.content().hash().equals(now.content().hash())) {
      String hash = now.content().hash();
      QuarkusTransaction.requiringNew()
          .run(
              () ->
                  LineageLink.lockByLineage(c.name(), site, e.lineage().id())
                      .ifPresent(
                          r -> {
                            r.lastHash = hash;
                            r.localEdit = false;
                          }));
      return skip(c, site, e, "already holds this content");
    }
    boolean editedHere = row.localEdit || !now.content().hash().equals(row.lastHash);
    if (editedHere && now.updatedAt() != null) {
      // Both sides changed since they were last in step: one rule, the same answer on both.
      ConflictRule.Verdict v = ConflictRule.decide(e.sourceVersion(), now.updatedAt(), toOrigin);
      String edits =
          "changed on "
              + site
              + " at "
              + now.updatedAt()
              + " and on "
              + e.source().site()
              + " at "
              + e.sourceVersion()
              + ": "
              + v.why();
      if (v.localWins()) {
        return skip(c, site, e, edits + "; " + e.source().site() + "'s edit lost");
      }
      writer.conflict(c.name(), site, e, edits + "; the edit made on " + site + " lost");
    }
    honoured(site, request, localId);
    TempoWorklog written = WorklogWriter.call(site, "update", () -> tempo.update(localId, request));
    writer.updated(c.name(), site, e, written);
    return new Outcome(Outcome.Kind.UPDATED, site + ":" + localId);
  }

  private LineageLink adoptOrigin(
      Connections.View c, String site, ReplicaEvent e, TempoClient tempo) {
    long originId = e.lineage().originWorklogId();
    Optional<TempoWorklog> origin = WorklogWriter.call(site, "read", () -> tempo.get(originId));
    if (origin.isEmpty()) {
      return null;
    }
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Optional<LineageLink> existing =
                  LineageLink.lockByLineage(c.name(), site, e.lineage().id());
              if (existing.isPresent()) {
                return existing.get();
              }
              LineageLink row =
                  LineageLink.create(c.name(), site, e.lineage().id(), LinkRole.ORIGIN);
              row.state = LinkState.LIVE;
              row.localWorklogId = originId;
              row.localIssueId = origin.get().issueId();
              row.lastHash = origin.get().content().hash();
              row.lastCoreHash = origin.get().content().coreHash();
              row.lastVersion = origin.get().updatedAt();
              row.persist();
              return row;
            });
  }

  // ---- delete ----

  private Outcome delete(Connections.View c, String site, ReplicaEvent e, Recovery recovery) {
    LineageLink row =
        QuarkusTransaction.requiringNew()
            .call(() -> LineageLink.findByLineage(c.name(), site, e.lineage().id()).orElse(null));
    if (row == null && e.lineage().originSite().equals(site)) {
      // The origin's own row is missing: only the source's linked replica may speak for it.
      Optional<String> unvouched = WorklogWriter.unvouchedOrigin(c.name(), site, e);
      if (unvouched.isPresent()) {
        return skip(c, site, e, unvouched.get());
      }
    }
    Optional<Outcome> done = writer.deleteShortcut(c, site, e, row);
    if (done.isPresent()) {
      return done.get();
    }
    Long localId = row.localWorklogId;
    if (row.state == LinkState.PENDING) {
      localId =
          writer
              .recover(c.name(), site, e, recovery)
              .map(TempoWorklog::tempoWorklogId)
              .orElse(null);
    }
    TempoClient tempo = sites.site(site).requireTempo();
    if (localId != null && row.localIssueId != null) {
      Optional<String> outside = WorklogWriter.outsideScope(scope, c, site, row.localIssueId, null);
      if (outside.isPresent()) {
        return skip(c, site, e, site + ":" + localId + " not deleted: " + outside.get());
      }
    }
    if (localId != null) {
      long id = localId;
      WorklogWriter.call(site, "delete", () -> tempo.delete(id, false));
    }
    writer.tombstone(
        c.name(), site, e, "deleted " + site + ":" + localId + " as " + e.source().site() + " did");
    return new Outcome(Outcome.Kind.DELETED, site + ":" + localId);
  }

  // ---- bookkeeping ----

  private Outcome skip(Connections.View c, String site, ReplicaEvent e, String why) {
    writer.skipped(c.name(), site, e, why);
    Log.debugf("%s %s on %s: skipped, %s", c.name(), e.lineage(), site, why);
    return Outcome.skipped(why);
  }

  Outcome counted(Connections.View c, String site, ReplicaEvent e, Outcome o) {
    metrics
        .counter(
            "worklog_bridge_events_applied",
            "connection",
            c.name(),
            "site",
            site,
            "outcome",
            o.kind().name().toLowerCase())
        .increment();
    if (o.wrote()) {
      Timer.builder("worklog_bridge_apply_delay")
          .description("from the source's updatedAt to the write")
          .tag("connection", c.name())
          .publishPercentiles(0.5, 0.95, 0.99)
          .register(metrics)
          .record(Duration.between(e.sourceVersion(), Instant.now()));
    }
    return o;
  }
}
