package dev.worklogbridge.inbound.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.cloud.TempoWorklogRequest;
import dev.worklogbridge.inbound.apply.Decisions;
import dev.worklogbridge.inbound.resolve.AuthorChoice;
import dev.worklogbridge.inbound.resolve.AuthorResolver;
import dev.worklogbridge.inbound.resolve.IssuePairingResolver;
import dev.worklogbridge.inbound.resolve.RequestMapper;
import dev.worklogbridge.inbound.resolve.ResolvedIssue;
import dev.worklogbridge.model.EventType;
import dev.worklogbridge.model.Lineage;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.events.ReplicaEvents;
import dev.worklogbridge.runtime.site.SiteRuntime;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.LinkState;
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
 * issue, author decision with its reason, dropped attributes, the exact Tempo request), reading
 * what it must and writing nothing anywhere.
 */
@ApplicationScoped
public class DryRun {

  @Inject Sites sites;
  @Inject BridgeConfig config;
  @Inject IssuePairingResolver pairing;
  @Inject AuthorResolver authors;
  @Inject RequestMapper mapper;
  @Inject dev.worklogbridge.runtime.site.WorkAttributeCatalog attributeCatalog;

  /** What would happen, for one event. */
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
    LineageLink row =
        QuarkusTransaction.requiringNew()
            .call(() -> LineageLink.findByLineage(c.name(), site, e.lineage().id()).orElse(null));
    if (!sites.site(site).hasTempo()) {
      return planJira(c, site, e, row, out);
    }
    String tempo = config.sites().get(site).tempoUrl().orElse("");
    if (e.type() == EventType.DELETED) {
      Map<String, Object> shortcut = deleteShortcut(c, site, e, row, out);
      if (shortcut != null) {
        return shortcut;
      }
      out.put("request", request("DELETE", tempo + "/4/worklogs/" + row.localWorklogId, null));
      return action(
          out, "delete", "the replica " + site + ":" + row.localWorklogId + " would be deleted");
    }
    Optional<String> tombstoned = Decisions.tombstoned(row, site);
    if (tombstoned.isPresent()) {
      return action(out, "skip", tombstoned.get());
    }
    Optional<AuthorChoice> author = authors.preview(c, site, e.author());
    author.ifPresent(
        a ->
            out.put(
                "author",
                Map.of(
                    "accountId", a.accountId(), "strategy", a.strategy(), "reason", a.reason())));
    if (author.isEmpty()) {
      return action(out, "park", Decisions.authorUnknown(c, site, e));
    }
    boolean live = row != null && row.state == LinkState.LIVE;
    long issueId;
    if (live) {
      issueId = row.localIssueId;
      out.put(
          "issue",
          Map.of(
              "id",
              issueId,
              "how",
              "the lineage's existing worklog " + site + ":" + row.localWorklogId));
    } else {
      Optional<ResolvedIssue> issue = pairing.resolve(c, e.source().site(), e.issue(), site);
      if (issue.isEmpty()) {
        return action(out, "park", IssuePairingResolver.unpaired(e, site));
      }
      issueId = issue.get().id();
      out.put(
          "issue",
          Map.of("id", issue.get().id(), "key", issue.get().key(), "how", issue.get().how()));
    }
    boolean toOrigin = live && row.role == LinkRole.ORIGIN;
    TempoWorklog current =
        toOrigin ? sites.site(site).requireTempo().get(row.localWorklogId).orElse(null) : null;
    RequestMapper.Mapped mapped = mapper.map(c, site, e, issueId, author.get(), toOrigin, current);
    out.put("droppedAttributes", mapped.droppedAttributes());
    TempoWorklogRequest r = mapped.request();
    if (live) {
      Optional<String> older = Decisions.older(row, e, site);
      if (older.isPresent()) {
        return action(out, "skip", older.get());
      }
      if (Decisions.holds(row, r.content().hash())) {
        return action(out, "skip", site + " already holds this content");
      }
      out.put(
          "request", request("PUT", tempo + "/4/worklogs/" + row.localWorklogId, r.updateBody()));
      return action(
          out, "update", "the replica " + site + ":" + row.localWorklogId + " would be updated");
    }
    out.put("request", request("POST", tempo + "/4/worklogs", r.createBody()));
    return action(
        out,
        "create",
        "a new worklog would be created on "
            + site
            + (config.inbound().useBulk() ? " (in bulk when several pile up on the issue)" : ""));
  }

  /** The plan on a site without Tempo: a native Jira worklog, authored by the bridge's account. */
  private Map<String, Object> planJira(
      Connections.View c, String site, ReplicaEvent e, LineageLink row, Map<String, Object> out) {
    String jira = config.sites().get(site).jiraUrl().replaceAll("/+$", "") + "/rest/api/3";
    if (e.type() == EventType.DELETED) {
      Map<String, Object> shortcut = deleteShortcut(c, site, e, row, out);
      if (shortcut != null) {
        return shortcut;
      }
      out.put(
          "request",
          request(
              "DELETE",
              jira
                  + "/issue/"
                  + row.localIssueId
                  + "/worklog/"
                  + row.localWorklogId
                  + "?adjustEstimate=leave",
              null));
      return action(
          out,
          "delete",
          "the Jira worklog " + site + ":" + row.localWorklogId + " would be deleted");
    }
    Optional<String> tombstoned = Decisions.tombstoned(row, site);
    if (tombstoned.isPresent()) {
      return action(out, "skip", tombstoned.get());
    }
    out.put(
        "author",
        Map.of(
            "accountId",
            "(the account of bridge.sites." + site + ".jira-email)",
            "strategy",
            "JIRA_NATIVE",
            "reason",
            site
                + " has no Tempo and Jira sets a worklog's author to the caller: "
                + e.author().accountId()
                + " is named in the comment"));
    RequestMapper.JiraMapped mapped = mapper.mapJira(c, e);
    out.put("droppedAttributes", mapped.droppedAttributes());
    boolean live = row != null && row.state == LinkState.LIVE;
    if (live) {
      out.put(
          "issue",
          Map.of(
              "id",
              row.localIssueId,
              "how",
              "the lineage's existing worklog " + site + ":" + row.localWorklogId));
      Optional<String> older = Decisions.older(row, e, site);
      if (older.isPresent()) {
        return action(out, "skip", older.get());
      }
      if (Decisions.holds(row, mapped.content().hash())) {
        return action(out, "skip", site + " already holds this content");
      }
      out.put(
          "request",
          request(
              "PUT",
              jira
                  + "/issue/"
                  + row.localIssueId
                  + "/worklog/"
                  + row.localWorklogId
                  + "?"
                  + mapped.request().query(),
              mapped.request().body()));
      return action(
          out,
          "update",
          "the Jira worklog " + site + ":" + row.localWorklogId + " would be updated");
    }
    Optional<ResolvedIssue> issue = pairing.resolve(c, e.source().site(), e.issue(), site);
    if (issue.isEmpty()) {
      return action(out, "park", IssuePairingResolver.unpaired(e, site));
    }
    out.put(
        "issue",
        Map.of("id", issue.get().id(), "key", issue.get().key(), "how", issue.get().how()));
    out.put(
        "request",
        request(
            "POST",
            jira + "/issue/" + issue.get().id() + "/worklog?" + mapped.request().query(),
            mapped.request().body()));
    return action(out, "create", "a native Jira worklog would be created on " + site);
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

  /**
   * The plan of a delete that has nothing to delete (the apply path's shortcut, or a create cut
   * short whose worklog is not known yet), or null when it deletes a worklog.
   */
  private static Map<String, Object> deleteShortcut(
      Connections.View c, String site, ReplicaEvent e, LineageLink row, Map<String, Object> out) {
    Optional<Decisions.DeleteShortcut> shortcut = Decisions.deleteShortcut(c, site, e, row);
    if (shortcut.isPresent()) {
      Decisions.DeleteShortcut s = shortcut.get();
      return s.tombstone() == null
          ? action(out, "skip", s.skipped())
          : action(out, "tombstone", s.tombstone() + "; the lineage would be tombstoned");
    }
    if (row.localWorklogId == null) {
      return action(
          out,
          "delete",
          "a create of this lineage was cut short on "
              + site
              + "; what it posted, if anything, would be found and deleted");
    }
    return null;
  }

  private static Map<String, Object> request(String method, String url, JsonNode body) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("method", method);
    r.put("url", url);
    if (body != null) {
      r.put("body", body);
    }
    return r;
  }

  private static Map<String, Object> action(Map<String, Object> out, String action, String why) {
    out.put("action", action);
    out.put("why", why);
    return out;
  }
}
