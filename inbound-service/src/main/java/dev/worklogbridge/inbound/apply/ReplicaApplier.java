package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.model.EventType;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.runtime.tracing.BridgeSpans;
import dev.worklogbridge.store.ledger.LinkLedger;
import dev.worklogbridge.store.ledger.LinkReads;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Routes replica events to their target site's {@link Target} (Tempo, or plain Jira on a site
 * without Tempo). A batch is grouped by lineage: a lineage whose row already applied the group's
 * last change needs nothing; a parked lineage's events wait behind it while every other lineage
 * flows; lone creates go to Tempo's bulk creates on a site with Tempo; the rest are applied in
 * order, and what cannot be applied now is parked per lineage.
 */
@ApplicationScoped
public class ReplicaApplier {

  @Inject Sites sites;
  @Inject BridgeConfig config;
  @Inject Parking parking;
  @Inject LinkReads reads;
  @Inject AppliedCounter counter;
  @Inject BridgeSpans spans;
  @Inject TempoTarget tempo;
  @Inject JiraTarget jira;
  @Inject TempoBulkCreates bulkCreates;
  @Inject LinkLedger ledger;
  @Inject SiteWrites writes;

  private ApplyRun.Effects effects() {
    return new ApplyRun.Effects(ledger, reads, writes);
  }

  /** A run outside a batch (parked retries): nothing verified, no traces carried. */
  public ApplyRun run(Connections.View c, String site) {
    return new ApplyRun(c, site, recovery(site), false, Map.of(), effects(), null);
  }

  /**
   * A run over one batch from the topic. With {@code verify} (a replay after the target lost data),
   * a link row is trusted only if its worklog still exists on the target; {@code traces} maps each
   * event id to the trace its record carried.
   */
  public ApplyRun run(
      Connections.View c, String site, Recovery verify, Map<String, Context> traces) {
    return new ApplyRun(
        c, site, verify != null ? verify : recovery(site), verify != null, traces, effects(), null);
  }

  /**
   * The apply path for one event on {@code site} with its writes described instead of made: the
   * ledger answers without writing, the target's writes become the requests they would send. Reads
   * (the row, the pairing, the author, the target's worklogs) are made as in a real run.
   */
  public DryApply dryRun(
      Connections.View c, String site, ReplicaEvent e, String tempoUrl, String jiraUrl) {
    DescribedLedger described = new DescribedLedger();
    DescribedWrites requests = new DescribedWrites(tempoUrl, jiraUrl);
    Map<String, Object> decided = new LinkedHashMap<>();
    ApplyRun run =
        new ApplyRun(
            c,
            site,
            recovery(site),
            false,
            Map.of(),
            new ApplyRun.Effects(described, described.reads(), requests),
            decided);
    Outcome outcome = null;
    String parked = null;
    try {
      outcome = target(site).apply(run, e);
    } catch (ParkLineage p) {
      parked = p.getMessage();
    }
    return new DryApply(outcome, parked, decided, requests.request(), described.tombstone());
  }

  /** A new read scope of the target's worklogs (what a create may already have posted). */
  public Recovery recovery(String site) {
    // A site without Tempo recovers through its Jira worklogs' properties (JiraTarget).
    return new Recovery(site, sites.site(site).tempo().orElse(null));
  }

  private Target target(String site) {
    return sites.site(site).hasTempo() ? tempo : jira;
  }

  /**
   * Applies one event and counts its outcome, or throws {@link ParkLineage} or {@link AuthPause}.
   */
  public Outcome apply(ApplyRun run, ReplicaEvent e) {
    return counter.counted(run, e, target(run.site()).apply(run, e));
  }

  /** Applies a batch from the topic; parks what cannot be applied; throws {@link AuthPause}. */
  public List<Outcome> applyBatch(ApplyRun run, List<ReplicaEvent> events) {
    Map<String, List<ReplicaEvent>> byLineage = new LinkedHashMap<>();
    for (ReplicaEvent e : events) {
      if (Decisions.relevant(run.connection(), run.site(), e)) {
        byLineage.computeIfAbsent(e.lineage().id(), k -> new ArrayList<>()).add(e);
      }
    }
    Set<String> parked = parking.parkedAmong(run.name(), run.site(), byLineage.keySet());
    Set<String> applied = alreadyApplied(run, byLineage);
    // Tempo's bulk endpoint takes the lone creates of a batch; Jira has none.
    Optional<TempoBulkCreates> bulk =
        config.inbound().useBulk() && sites.site(run.site()).hasTempo()
            ? Optional.of(bulkCreates)
            : Optional.empty();
    List<Outcome> outcomes = new ArrayList<>();
    List<ReplicaEvent> creates = new ArrayList<>();
    for (Map.Entry<String, List<ReplicaEvent>> lineage : byLineage.entrySet()) {
      List<ReplicaEvent> group = lineage.getValue();
      if (parked.contains(lineage.getKey())) {
        group.forEach(
            e ->
                outcomes.add(
                    parking.park(
                        run.name(), run.site(), e, "waiting behind an earlier parked event")));
      } else if (applied.contains(lineage.getKey())) {
        group.forEach(
            e ->
                outcomes.add(
                    counter.counted(
                        run, e, Outcome.skipped("already applied (redelivery or replay)"))));
      } else if (bulk.isPresent()
          && group.size() == 1
          && group.get(0).type() == EventType.CREATED) {
        creates.add(group.get(0));
      } else {
        applyInOrder(run, group, outcomes);
      }
    }
    bulk.ifPresent(b -> b.createAll(run, creates, outcomes));
    return outcomes;
  }

  /**
   * The lineages whose row already applied the group's last change: the earlier ones are older
   * versions of it (one lineage, one partition, in order). None while verifying.
   */
  private Set<String> alreadyApplied(ApplyRun run, Map<String, List<ReplicaEvent>> byLineage) {
    Map<String, String> lastKeys = new HashMap<>();
    byLineage.forEach(
        (lineage, group) -> lastKeys.put(lineage, group.get(group.size() - 1).idempotencyKey()));
    return applied(run, lastKeys);
  }

  private Set<String> applied(ApplyRun run, Map<String, String> lastKeys) {
    if (run.verifying() || lastKeys.isEmpty()) {
      return Set.of();
    }
    return reads.alreadyApplied(run.name(), run.site(), lastKeys);
  }

  /**
   * The lineages whose records a batch may leave out before decoding them: the row has already
   * applied the change its last record names ({@code lastKeys}: lineage to idempotency key, read
   * from the records' headers) and nothing of the lineage is parked (its events wait behind the
   * parked one). None while verifying.
   */
  public Set<String> appliedAndFree(ApplyRun run, Map<String, String> lastKeys) {
    Set<String> out = new HashSet<>(applied(run, lastKeys));
    out.removeAll(parking.parkedAmong(run.name(), run.site(), out));
    return out;
  }

  /** Counts records left out undecoded as {@link #appliedAndFree} allowed, as skipped. */
  public void countSkipped(ApplyRun run, int records) {
    counter.skipped(run, records);
  }

  private void applyInOrder(ApplyRun run, List<ReplicaEvent> group, List<Outcome> outcomes) {
    String blockedBy = null;
    for (ReplicaEvent e : group) {
      if (blockedBy != null) {
        outcomes.add(
            parking.park(
                run.name(), run.site(), e, "waiting behind an earlier parked event: " + blockedBy));
        continue;
      }
      Span span = spans.apply(run.traceOf(e.eventId()), run.name(), run.site(), e);
      try (Scope ignored = span.makeCurrent()) {
        outcomes.add(apply(run, e));
      } catch (RuntimeException failed) {
        BridgeSpans.failed(span, failed);
        ParkLineage n = Unexpected.parkable(run.site(), failed);
        blockedBy = n.getMessage();
        outcomes.add(parking.park(run.name(), run.site(), e, n.getMessage()));
      } finally {
        span.end();
      }
    }
  }
}
