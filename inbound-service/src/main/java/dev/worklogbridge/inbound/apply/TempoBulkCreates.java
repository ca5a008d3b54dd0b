package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.cloud.TempoClient;
import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.runtime.tracing.BridgeSpans;
import dev.worklogbridge.store.ledger.Claim;
import dev.worklogbridge.store.ledger.LinkLedger;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tempo's bulk creates: the creates of a backlog, grouped by issue, claimed together and posted 50
 * at a time to {@code POST /4/worklogs/issue/{id}/bulk}. A bulk is all or nothing: when Tempo
 * refuses one, its creates are posted one by one to find the bad one; when its answer is lost, they
 * park and their claims are recovered on the retry.
 */
@ApplicationScoped
class TempoBulkCreates {

  /** Tempo's bulk endpoint takes up to 50 worklogs. */
  private static final int BULK = 50;

  /** Claims per transaction. */
  private static final int CLAIMS = 500;

  @Inject Sites sites;
  @Inject TempoTarget tempo;
  @Inject Parking parking;
  @Inject AppliedCounter counter;
  @Inject BridgeSpans spans;

  /**
   * Creates grouped by source issue, one group after the other: the group's pairing lookup (Jira),
   * its claims and its bulk calls (Tempo) interleave, so each API's rate limit is used while the
   * other's waits.
   */
  /** Creates in bulk: each create's outcome is added to {@code outcomes}, failures parked. */
  void createAll(ApplyRun run, List<ReplicaEvent> creates, List<Outcome> outcomes) {
    Map<Long, List<ReplicaEvent>> bySource = new LinkedHashMap<>();
    for (ReplicaEvent e : creates) {
      bySource
          .computeIfAbsent(e.issue() == null ? -1L : e.issue().id(), k -> new ArrayList<>())
          .add(e);
    }
    for (List<ReplicaEvent> group : bySource.values()) {
      createGroup(run, group, outcomes);
    }
  }

  private void createGroup(ApplyRun run, List<ReplicaEvent> creates, List<Outcome> outcomes) {
    List<TempoTarget.Prepared> prepared = new ArrayList<>();
    for (ReplicaEvent e : creates) {
      try {
        prepared.add(tempo.prepare(run, e));
      } catch (RuntimeException failed) {
        park(run, e, failed, outcomes);
      }
    }
    Map<String, Claim> claims = claims(run, prepared);
    Map<Long, List<TempoTarget.Prepared>> byIssue = new LinkedHashMap<>();
    for (TempoTarget.Prepared p : prepared) {
      ReplicaEvent e = p.event();
      try {
        Claim claim = claims.get(e.lineage().id());
        if (claim == Claim.SAME && !run.verifying()) {
          // Already applied (a redelivery or a replay): nothing to read, write or record.
          outcomes.add(counter.counted(run, e, Outcome.skipped("already holds this content")));
          continue;
        }
        boolean toPost = claim == Claim.NEW;
        if (claim == Claim.PENDING && !run.verifying()) {
          // A create cut short (a crash after the claim): posted already, or still to post in bulk.
          Optional<TempoWorklog> posted = tempo.recover(run, e);
          if (posted.isPresent()) {
            run.ledger()
                .live(
                    run.name(),
                    run.site(),
                    p.change(),
                    TempoTarget.local(posted.get()),
                    "recovered");
            outcomes.add(
                counter.counted(
                    run, e, Outcome.skipped("recovered the worklog posted before a crash")));
            continue;
          }
          toPost = true;
        }
        if (toPost) {
          byIssue.computeIfAbsent(p.issue().id(), k -> new ArrayList<>()).add(p);
        } else {
          outcomes.add(counter.counted(run, e, tempo.create(run, e)));
        }
      } catch (RuntimeException failed) {
        park(run, e, failed, outcomes);
      }
    }
    for (Map.Entry<Long, List<TempoTarget.Prepared>> issue : byIssue.entrySet()) {
      List<TempoTarget.Prepared> all = issue.getValue();
      for (int from = 0; from < all.size(); from += BULK) {
        List<TempoTarget.Prepared> chunk = all.subList(from, Math.min(all.size(), from + BULK));
        if (chunk.size() == 1) {
          singly(run, chunk, outcomes);
        } else {
          bulk(run, issue.getKey(), chunk, outcomes);
        }
      }
    }
  }

  private Map<String, Claim> claims(ApplyRun run, List<TempoTarget.Prepared> prepared) {
    Map<String, Claim> claims = new HashMap<>();
    for (int from = 0; from < prepared.size(); from += CLAIMS) {
      claims.putAll(
          run.ledger()
              .claimAll(
                  run.name(),
                  run.site(),
                  prepared.subList(from, Math.min(prepared.size(), from + CLAIMS)).stream()
                      .map(
                          p ->
                              new LinkLedger.ToClaim(
                                  p.change(), p.issue().id(), p.request().content()))
                      .toList()));
    }
    return claims;
  }

  private void bulk(
      ApplyRun run, long issueId, List<TempoTarget.Prepared> chunk, List<Outcome> outcomes) {
    String site = run.site();
    Span span =
        spans.bulk(
            run.name(), site, chunk.stream().map(p -> run.traceOf(p.event().eventId())).toList());
    try (Scope ignored = span.makeCurrent()) {
      TempoClient client = sites.site(site).requireTempo();
      List<TempoWorklog> written =
          TargetCalls.call(
              site,
              "bulk create on issue " + issueId,
              () ->
                  client.createBulk(
                      issueId, chunk.stream().map(TempoTarget.Prepared::request).toList()));
      List<LinkLedger.Written> done = new ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        done.add(new LinkLedger.Written(chunk.get(i).change(), TempoTarget.local(written.get(i))));
      }
      run.ledger().liveAll(run.name(), site, done, "bulk-created");
      for (int i = 0; i < chunk.size(); i++) {
        run.recovery().add(written.get(i));
        outcomes.add(
            counter.counted(
                run,
                chunk.get(i).event(),
                new Outcome(Outcome.Kind.CREATED, site + ":" + written.get(i).tempoWorklogId())));
      }
    } catch (RuntimeException failed) {
      BridgeSpans.failed(span, failed);
      ParkLineage n = Unexpected.parkable(site, failed);
      if (TargetCalls.refused(n)) {
        // A bulk is all or nothing: nothing was created. Post one by one to find the bad one.
        chunk.forEach(p -> run.ledger().release(run.name(), site, p.event().lineage().id()));
        singly(run, chunk, outcomes);
      } else {
        chunk.forEach(p -> outcomes.add(parking.park(run.name(), site, p.event(), n.getMessage())));
      }
    } finally {
      span.end();
    }
  }

  private void singly(ApplyRun run, List<TempoTarget.Prepared> chunk, List<Outcome> outcomes) {
    for (TempoTarget.Prepared p : chunk) {
      Span span = spans.apply(run.traceOf(p.event().eventId()), run.name(), run.site(), p.event());
      try (Scope ignored = span.makeCurrent()) {
        Claim claim =
            run.ledger()
                .claim(
                    run.name(),
                    run.site(),
                    p.change(),
                    p.issue().id(),
                    p.request().content(),
                    dev.worklogbridge.store.LinkRole.REPLICA);
        if (claim != Claim.LIVE) {
          outcomes.add(counter.counted(run, p.event(), tempo.post(run, p)));
        }
      } catch (RuntimeException failed) {
        BridgeSpans.failed(span, failed);
        park(run, p.event(), failed, outcomes);
      } finally {
        span.end();
      }
    }
  }

  private void park(ApplyRun run, ReplicaEvent e, RuntimeException failed, List<Outcome> outcomes) {
    outcomes.add(
        parking.park(
            run.name(), run.site(), e, Unexpected.parkable(run.site(), failed).getMessage()));
  }
}
