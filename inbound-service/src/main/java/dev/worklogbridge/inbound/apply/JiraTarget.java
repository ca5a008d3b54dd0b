package dev.worklogbridge.inbound.apply;

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

  @Override
  public Outcome apply(ApplyRun run, ReplicaEvent e) {
    return switch (e.type()) {
      case CREATED, UPDATED -> write(run, e);
      case DELETED -> delete(run, e);
    };
  }

  private Outcome write(ApplyRun run, ReplicaEvent e) {
    Connections.View c = run.connection();
    String site = run.site();
    LineageLink row = row(run, e);
    Optional<String> tombstoned = Decisions.tombstoned(row, site);
    if (tombstoned.isPresent()) {
      return skip(run, e, tombstoned.get());
    }
    if (row != null && row.state == LinkState.LIVE) {
      if (run.verifying() && !exists(site, row)) {
        run.ledger().forgetLost(c.name(), site, row.lineage, row.localWorklogId);
        return create(run, e);
      }
      return update(run, e, row);
    }
    return create(run, e);
  }

  private Outcome create(ApplyRun run, ReplicaEvent e) {
    Connections.View c = run.connection();
    String site = run.site();
    ResolvedIssue issue = checks.paired(c, site, e);
    run.decide(
        "issue", () -> ApplyRun.fields("id", issue.id(), "key", issue.key(), "how", issue.how()));
    RequestMapper.JiraMapped mapped = mapped(run, e);
    switch (run.ledger()
        .claim(c.name(), site, Change.of(e), issue.id(), mapped.content(), LinkRole.REPLICA)) {
      case DELETED -> {
        return skip(run, e, "the lineage was deleted on " + site + " (tombstone)");
      }
      case LIVE, SAME -> {
        return update(run, e, row(run, e));
      }
      case PENDING -> {
        LineageLink row = row(run, e);
        Optional<JiraWorklog> posted = recover(run, row);
        if (posted.isPresent()) {
          run.ledger()
              .live(
                  c.name(),
                  site,
                  Change.of(e),
                  new LocalWorklog(posted.get().id(), row.localIssueId, held(posted.get(), e)),
                  "recovered");
          return update(run, e, row(run, e));
        }
      }
      case NEW -> {}
    }
    JiraWorklog written;
    try {
      written = run.writes().jiraCreate(site, issue.id(), mapped.request());
    } catch (ParkLineage n) {
      if (TargetCalls.refused(n)) {
        run.ledger().release(c.name(), site, e.lineage().id());
      }
      throw n;
    }
    run.ledger()
        .live(
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

  private Outcome update(ApplyRun run, ReplicaEvent e, LineageLink row) {
    Connections.View c = run.connection();
    String site = run.site();
    Optional<String> older = Decisions.older(row, e, site);
    if (older.isPresent()) {
      return skip(run, e, older.get());
    }
    run.decide(
        "issue",
        () ->
            ApplyRun.fields(
                "id",
                row.localIssueId,
                "how",
                "the lineage's existing worklog " + site + ":" + row.localWorklogId));
    RequestMapper.JiraMapped mapped = mapped(run, e);
    if (Decisions.holds(row, mapped.content().hash())) {
      return skip(run, e, "already holds this content");
    }
    long issueId = row.localIssueId;
    long id = row.localWorklogId;
    Optional<String> outside = checks.outsideScope(c, site, issueId, null);
    if (outside.isPresent()) {
      return skip(run, e, site + ":jira-" + id + " not touched: " + outside.get());
    }
    Optional<JiraWorklog> written = run.writes().jiraUpdate(site, issueId, id, mapped.request());
    if (written.isEmpty()) {
      return skip(
          run, e, "the worklog " + site + ":jira-" + id + " is gone (removed on " + site + ")");
    }
    run.ledger()
        .updated(c.name(), site, Change.of(e), new LocalWorklog(id, issueId, mapped.content()));
    return new Outcome(Outcome.Kind.UPDATED, site + ":jira-" + id);
  }

  private Outcome delete(ApplyRun run, ReplicaEvent e) {
    Connections.View c = run.connection();
    String site = run.site();
    LineageLink row = row(run, e);
    Optional<Outcome> done = DeleteShortcuts.taken(run, e, row);
    if (done.isPresent()) {
      return done.get();
    }
    Long id =
        row.state == LinkState.PENDING
            ? recover(run, row).map(JiraWorklog::id).orElse(null)
            : row.localWorklogId;
    if (id != null) {
      long issueId = row.localIssueId;
      Optional<String> outside = checks.outsideScope(c, site, issueId, null);
      if (outside.isPresent()) {
        return skip(run, e, site + ":jira-" + id + " not deleted: " + outside.get());
      }
      run.writes().jiraDelete(site, issueId, id);
    }
    run.ledger()
        .tombstone(
            c.name(),
            site,
            Change.of(e),
            "deleted " + site + ":jira-" + id + " as " + e.source().site() + " did");
    return new Outcome(Outcome.Kind.DELETED, site + ":jira-" + id);
  }

  /**
   * The worklog's request; Jira makes the caller the author, so the real author is named in the
   * comment (a dry run says so).
   */
  private RequestMapper.JiraMapped mapped(ApplyRun run, ReplicaEvent e) {
    RequestMapper.JiraMapped mapped = mapper.mapJira(run.connection(), e);
    run.decide(
        "author",
        () ->
            ApplyRun.fields(
                "accountId",
                "(the account of bridge.sites." + run.site() + ".jira-email)",
                "strategy",
                "JIRA_NATIVE",
                "reason",
                run.site()
                    + " has no Tempo and Jira sets a worklog's author to the caller: "
                    + e.author().accountId()
                    + " is named in the comment"));
    run.decide("droppedAttributes", () -> mapped.droppedAttributes());
    return mapped;
  }

  /** The worklog a create cut short by a crash already wrote: the one carrying its lineage. */
  private Optional<JiraWorklog> recover(ApplyRun run, LineageLink row) {
    String site = run.site();
    long issueId = row.localIssueId;
    return TargetCalls.call(site, "read", () -> sites.site(site).jira().worklogs(issueId)).stream()
        .filter(
            w -> {
              var marker = w.properties().get(RequestMapper.JIRA_PROPERTY);
              return marker != null && row.lineage.equals(marker.path("lineage").asText());
            })
        // A property can be set by anyone who can edit the worklog: never take a linked one.
        .filter(w -> run.reads().unlinked(site, w.id()))
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

  private LineageLink row(ApplyRun run, ReplicaEvent e) {
    return run.reads().find(run.name(), run.site(), e.lineage().id()).orElse(null);
  }

  private Outcome skip(ApplyRun run, ReplicaEvent e, String why) {
    run.ledger().skipped(run.name(), run.site(), Change.of(e), why);
    return Outcome.skipped(why);
  }
}
