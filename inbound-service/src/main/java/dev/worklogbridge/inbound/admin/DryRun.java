package dev.worklogbridge.inbound.admin;

import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.inbound.apply.Decisions;
import dev.worklogbridge.inbound.apply.DryApply;
import dev.worklogbridge.inbound.apply.Outcome;
import dev.worklogbridge.inbound.apply.ReplicaApplier;
import dev.worklogbridge.model.EventType;
import dev.worklogbridge.model.Lineage;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.events.ReplicaEvents;
import dev.worklogbridge.runtime.site.SiteRuntime;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.store.ParkedEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The "test run" before going live: what applying an event would do on a target site (resolved
 * issue, author decision with its reason, dropped attributes, the exact request), found by the
 * apply path itself with its writes described instead of made: it reads what it must and writes
 * nothing anywhere.
 */
@ApplicationScoped
public class DryRun {

  @Inject Sites sites;
  @Inject BridgeConfig config;
  @Inject ReplicaApplier applier;
  @Inject dev.worklogbridge.runtime.site.WorkAttributeCatalog attributeCatalog;

  /**
   * What would happen, for one event: the apply path itself runs with its writes replaced by their
   * descriptions ({@link ReplicaApplier#dryRun}), so the plan is what applying would do.
   */
  public Map<String, Object> plan(Connections.View c, String site, ReplicaEvent e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("lineage", e.lineage().id());
    out.put("type", e.type().wireName());
    out.put("source", e.source().site() + ":" + e.source().tempoWorklogId());
    if (!Decisions.relevant(c, site, e)) {
      return action(
          out,
          "ignore",
          "not an event "
              + site
              + " applies (own site, or a direction the connection"
              + " does not sync)");
    }
    boolean parked =
        QuarkusTransaction.requiringNew()
            .call(() -> ParkedEvent.hasParked(c.name(), site, e.lineage().id()));
    if (parked) {
      return action(
          out,
          "wait",
          "earlier events of this lineage are parked; this one would wait behind them");
    }
    BridgeConfig.Site s = config.sites().get(site);
    DryApply dry = applier.dryRun(c, site, e, s.tempoUrl().orElse(""), s.jiraUrl());
    out.putAll(dry.decided());
    if (dry.request() != null) {
      out.put("request", dry.request());
    }
    if (dry.parked() != null) {
      return action(out, "park", dry.parked());
    }
    Outcome o = dry.outcome();
    boolean tempo = sites.site(site).hasTempo();
    return switch (o.kind()) {
      case CREATED ->
          action(
              out,
              "create",
              tempo
                  ? "a new worklog would be created on "
                      + site
                      + (config.inbound().useBulk()
                          ? " (in bulk when several pile up on the issue)"
                          : "")
                  : "a native Jira worklog would be created on " + site);
      case UPDATED -> action(out, "update", "the worklog " + o.detail() + " would be updated");
      case DELETED ->
          dry.request() != null
              ? action(out, "delete", "the worklog " + o.detail() + " would be deleted")
              : action(
                  out,
                  "tombstone",
                  "a create of this lineage was cut short on "
                      + site
                      + " and posted nothing; the lineage would be tombstoned");
      case SKIPPED, PARKED ->
          dry.tombstone() != null
              ? action(out, "tombstone", dry.tombstone() + "; the lineage would be tombstoned")
              : action(out, "skip", o.detail());
    };
  }

  /** What would happen for worklogs as they are now on their source site. */
  public List<Map<String, Object>> planForSource(
      Connections.View c, String site, String sourceSite, List<Long> ids) {
    SiteRuntime source = sites.site(sourceSite);
    return ids.stream()
        .map(
            id -> {
              Optional<TempoWorklog> w = source.requireTempo().get(id);
              if (w.isEmpty()) {
                Map<String, Object> missing = new LinkedHashMap<>();
                missing.put("source", sourceSite + ":" + id);
                return action(missing, "none", "no such worklog on " + sourceSite);
              }
              String lineage = w.get().lineageMarker().orElse(new Lineage(sourceSite, id).id());
              EventType type =
                  w.get().lineageMarker().isPresent() ? EventType.UPDATED : EventType.CREATED;
              ReplicaEvent e =
                  ReplicaEvents.of(
                      c.name(),
                      sourceSite,
                      lineage,
                      type,
                      w.get(),
                      source.jira().issue(Long.toString(w.get().issueId())),
                      source.jira().user(w.get().authorAccountId()),
                      attributeCatalog.of(sourceSite));
              return plan(c, site, e);
            })
        .toList();
  }

  private static Map<String, Object> action(Map<String, Object> out, String action, String why) {
    out.put("action", action);
    out.put("why", why);
    return out;
  }
}
