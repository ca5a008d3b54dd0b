package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.cloud.JiraClient;
import dev.worklogbridge.cloud.JiraWorklog;
import dev.worklogbridge.inbound.resolve.RequestMapper;
import dev.worklogbridge.inbound.resolve.ResolvedIssue;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.WorklogContent;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.LinkState;
import dev.worklogbridge.store.ledger.Change;
import dev.worklogbridge.store.ledger.LinkLedger;
import dev.worklogbridge.store.ledger.LinkReads;
import dev.worklogbridge.store.ledger.LocalWorklog;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Applies replica events to a site without Tempo, as native Jira worklogs, with the same guarantees
 * as the Tempo path: the link row is claimed PENDING before the POST and marked LIVE after it; the
 * POST itself stores the lineage in a worklog property, so a retry after a crash between the two
 * finds the worklog it already wrote instead of writing it twice; updates need a newer version and
 * a different content; deletes leave a tombstone. Jira sets the author to the bridge's account, so
 * the real author is named in the comment. Such a site is only ever a target: nothing flows back.
 */
@ApplicationScoped
class JiraTarget implements Target {

  @Inject Sites sites;
  @Inject TargetChecks checks;
  @Inject RequestMapper mapper;
  @Inject LinkLedger ledger;
  @Inject LinkReads reads;

  @Override
  public Outcome apply(ApplyRun run, ReplicaEvent e) {
    return switch (e.type()) {
      case CREATED, UPDATED -> write(run.connection(), run.site(), e, run.verifying());
      case DELETED -> delete(run, e);
    };
  }

  private Outcome write(Connections.View c, String site, ReplicaEvent e, boolean verify) {
    LineageLink row = row(c, site, e);
    Optional<String> tombstoned = Decisions.tombstoned(row, site);
    if (tombstoned.isPresent()) {
      return skip(c, site, e, tombstoned.get());
    }
    if (row != null && row.state == LinkState.LIVE) {
      if (verify && !exists(site, row)) {
        ledger.forgetLost(c.name(), site, row.lineage, row.localWorklogId);
        return create(c, site, e);
      }
      return update(c, site, e, row);
    }
    return create(c, site, e);
  }

  private Outcome create(Connections.View c, String site, ReplicaEvent e) {
    ResolvedIssue issue = checks.paired(c, site, e);
    RequestMapper.JiraMapped mapped = mapper.mapJira(c, e);
    JiraClient jira = sites.site(site).jira();
    switch (ledger.claim(
        c.name(), site, Change.of(e), issue.id(), mapped.content(), LinkRole.REPLICA)) {
      case DELETED -> {
        return skip(c, site, e, "the lineage was deleted on " + site + " (tombstone)");
      }
      case LIVE, SAME -> {
        return update(c, site, e, row(c, site, e));
      }
      case PENDING -> {
        LineageLink row = row(c, site, e);
        Optional<JiraWorklog> posted = recover(site, row);
        if (posted.isPresent()) {
          ledger.live(
              c.name(),
              site,
              Change.of(e),
              new LocalWorklog(posted.get().id(), row.localIssueId, held(posted.get(), e)),
              "recovered");
          return update(c, site, e, row(c, site, e));
        }
      }
      case NEW -> {}
    }
    JiraWorklog written;
    try {
      written =
          TargetCalls.call(site, "create", () -> jira.createWorklog(issue.id(), mapped.request()));
    } catch (ParkLineage n) {
      if (TargetCalls.refused(n)) {
        ledger.release(c.name(), site, e.lineage().id());
      }
      throw n;
    }
    ledger.live(
        c.name(),
        site,
        Change.of(e),
        new LocalWorklog(written.id(), issue.id(), mapped.content()),
        "created (Jira)");
    if (!mapped.droppedAttributes().isEmpty()) {
      Log.debugf(
          "%s %s: %s has no Tempo; attributes left out: %s",
          c.name(), e.lineage(), site, mapped.droppedAttributes());
    }
    return new Outcome(Outcome.Kind.CREATED, site + ":jira-" + written.id());
  }

  private Outcome update(Connections.View c, String site, ReplicaEvent e, LineageLink row) {
    Optional<String> older = Decisions.older(row, e, site);
    if (older.isPresent()) {
      return skip(c, site, e, older.get());
    }
    RequestMapper.JiraMapped mapped = mapper.mapJira(c, e);
    if (Decisions.holds(row, mapped.content().hash())) {
      return skip(c, site, e, "already holds this content");
    }
    long issueId = row.localIssueId;
    long id = row.localWorklogId;
    Optional<String> outside = checks.outsideScope(c, site, issueId, null);
    if (outside.isPresent()) {
      return skip(c, site, e, site + ":jira-" + id + " not touched: " + outside.get());
    }
    Optional<JiraWorklog> written =
        TargetCalls.call(
            site,
            "update",
            () -> sites.site(site).jira().updateWorklog(issueId, id, mapped.request()));
    if (written.isEmpty()) {
      return skip(
          c, site, e, "the worklog " + site + ":jira-" + id + " is gone (removed on " + site + ")");
    }
    ledger.updated(c.name(), site, Change.of(e), new LocalWorklog(id, issueId, mapped.content()));
    return new Outcome(Outcome.Kind.UPDATED, site + ":jira-" + id);
  }

  private Outcome delete(ApplyRun run, ReplicaEvent e) {
    Connections.View c = run.connection();
    String site = run.site();
    LineageLink row = row(c, site, e);
    Optional<Outcome> done = DeleteShortcuts.taken(ledger, run, e, row);
    if (done.isPresent()) {
      return done.get();
    }
    Long id =
        row.state == LinkState.PENDING
            ? recover(site, row).map(JiraWorklog::id).orElse(null)
            : row.localWorklogId;
    if (id != null) {
      long issueId = row.localIssueId;
      long worklogId = id;
      Optional<String> outside = checks.outsideScope(c, site, issueId, null);
      if (outside.isPresent()) {
        return skip(c, site, e, site + ":jira-" + id + " not deleted: " + outside.get());
      }
      TargetCalls.call(
          site, "delete", () -> sites.site(site).jira().deleteWorklog(issueId, worklogId));
    }
    ledger.tombstone(
        c.name(),
        site,
        Change.of(e),
        "deleted " + site + ":jira-" + id + " as " + e.source().site() + " did");
    return new Outcome(Outcome.Kind.DELETED, site + ":jira-" + id);
  }

  /** The worklog a create cut short by a crash already wrote: the one carrying its lineage. */
  private Optional<JiraWorklog> recover(String site, LineageLink row) {
    long issueId = row.localIssueId;
    return TargetCalls.call(site, "read", () -> sites.site(site).jira().worklogs(issueId)).stream()
        .filter(
            w -> {
              var marker = w.properties().get(RequestMapper.JIRA_PROPERTY);
              return marker != null && row.lineage.equals(marker.path("lineage").asText());
            })
        // A property can be set by anyone who can edit the worklog: never take a linked one.
        .filter(w -> reads.unlinked(site, w.id()))
        .findFirst();
  }

  private boolean exists(String site, LineageLink row) {
    long issueId = row.localIssueId;
    long id = row.localWorklogId;
    return TargetCalls.call(site, "read", () -> sites.site(site).jira().worklog(issueId, id))
        .isPresent();
  }

  /**
   * What a worklog found on the target holds, as the link row compares it (the event's author
   * stands in for Jira's, as in {@link RequestMapper#mapJira}).
   */
  private static WorklogContent held(JiraWorklog w, ReplicaEvent e) {
    java.time.LocalDateTime started = w.startedWallClock();
    return new WorklogContent(
        e.author().accountId(),
        started.toLocalDate(),
        started.toLocalTime(),
        w.timeSpentSeconds(),
        w.timeSpentSeconds(),
        w.commentText(),
        null);
  }

  private LineageLink row(Connections.View c, String site, ReplicaEvent e) {
    return reads.find(c.name(), site, e.lineage().id()).orElse(null);
  }

  private Outcome skip(Connections.View c, String site, ReplicaEvent e, String why) {
    ledger.skipped(c.name(), site, Change.of(e), why);
    return Outcome.skipped(why);
  }
}
