package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.cloud.JiraClient;
import dev.worklogbridge.cloud.JiraWorklog;
import dev.worklogbridge.inbound.resolve.IssuePairingResolver;
import dev.worklogbridge.inbound.resolve.RequestMapper;
import dev.worklogbridge.inbound.resolve.ResolvedIssue;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.WorklogContent;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.LinkState;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
public class JiraTarget {

  @Inject Sites sites;
  @Inject IssuePairingResolver pairing;
  @Inject RequestMapper mapper;
  @Inject WorklogWriter writer;
  @Inject dev.worklogbridge.runtime.scope.IssueScope scope;

  /** Applies one event, or throws {@link NotYet} (park it) or {@link AuthPause}. */
  Outcome apply(Connections.View c, String site, ReplicaEvent e, boolean verify) {
    return switch (e.type()) {
      case CREATED, UPDATED -> write(c, site, e, verify);
      case DELETED -> delete(c, site, e);
    };
  }

  private Outcome write(Connections.View c, String site, ReplicaEvent e, boolean verify) {
    LineageLink row = row(c, site, e);
    if (row != null && row.state == LinkState.DELETED) {
      return skip(c, site, e, "the lineage was deleted on " + site + " (tombstone)");
    }
    if (row != null && row.state == LinkState.LIVE) {
      if (verify && !exists(site, row)) {
        writer.forgetLost(c.name(), site, e, row.localWorklogId);
        return create(c, site, e);
      }
      return update(c, site, e, row);
    }
    return create(c, site, e);
  }

  private Outcome create(Connections.View c, String site, ReplicaEvent e) {
    ResolvedIssue issue = WorklogWriter.paired(pairing, scope, c, site, e);
    RequestMapper.JiraMapped mapped = mapper.mapJira(c, e);
    JiraClient jira = sites.site(site).jira();
    switch (writer.claim(c.name(), site, e, issue.id(), mapped.content(), LinkRole.REPLICA)) {
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
          writer.live(
              c.name(),
              site,
              e,
              new WorklogWriter.Local(posted.get().id(), row.localIssueId, held(posted.get(), e)),
              "recovered");
          return update(c, site, e, row(c, site, e));
        }
      }
      case NEW -> {}
    }
    JiraWorklog written;
    try {
      written =
          WorklogWriter.call(
              site, "create", () -> jira.createWorklog(issue.id(), mapped.request()));
    } catch (NotYet n) {
      if (WorklogWriter.refused(n)) {
        writer.release(c.name(), site, e);
      }
      throw n;
    }
    writer.live(
        c.name(),
        site,
        e,
        new WorklogWriter.Local(written.id(), issue.id(), mapped.content()),
        "created (Jira)");
    if (!mapped.droppedAttributes().isEmpty()) {
      Log.debugf(
          "%s %s: %s has no Tempo; attributes left out: %s",
          c.name(), e.lineage(), site, mapped.droppedAttributes());
    }
    return new Outcome(Outcome.Kind.CREATED, site + ":jira-" + written.id());
  }

  private Outcome update(Connections.View c, String site, ReplicaEvent e, LineageLink row) {
    Optional<String> older = WorklogWriter.older(row, e, site);
    if (older.isPresent()) {
      return skip(c, site, e, older.get());
    }
    RequestMapper.JiraMapped mapped = mapper.mapJira(c, e);
    if (mapped.content().hash().equals(row.lastHash)) {
      return skip(c, site, e, "already holds this content");
    }
    long issueId = row.localIssueId;
    long id = row.localWorklogId;
    Optional<String> outside = WorklogWriter.outsideScope(scope, c, site, issueId, null);
    if (outside.isPresent()) {
      return skip(c, site, e, site + ":jira-" + id + " not touched: " + outside.get());
    }
    Optional<JiraWorklog> written =
        WorklogWriter.call(
            site,
            "update",
            () -> sites.site(site).jira().updateWorklog(issueId, id, mapped.request()));
    if (written.isEmpty()) {
      return skip(
          c, site, e, "the worklog " + site + ":jira-" + id + " is gone (removed on " + site + ")");
    }
    writer.updated(c.name(), site, e, new WorklogWriter.Local(id, issueId, mapped.content()));
    return new Outcome(Outcome.Kind.UPDATED, site + ":jira-" + id);
  }

  private Outcome delete(Connections.View c, String site, ReplicaEvent e) {
    LineageLink row = row(c, site, e);
    Optional<Outcome> done = writer.deleteShortcut(c, site, e, row);
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
      Optional<String> outside = WorklogWriter.outsideScope(scope, c, site, issueId, null);
      if (outside.isPresent()) {
        return skip(c, site, e, site + ":jira-" + id + " not deleted: " + outside.get());
      }
      WorklogWriter.call(
          site, "delete", () -> sites.site(site).jira().deleteWorklog(issueId, worklogId));
    }
    writer.tombstone(
        c.name(), site, e, "deleted " + site + ":jira-" + id + " as " + e.source().site() + " did");
    return new Outcome(Outcome.Kind.DELETED, site + ":jira-" + id);
  }

  /** The worklog a create cut short by a crash already wrote: the one carrying its lineage. */
  private Optional<JiraWorklog> recover(String site, LineageLink row) {
    long issueId = row.localIssueId;
    return WorklogWriter.call(site, "read", () -> sites.site(site).jira().worklogs(issueId))
        .stream()
        .filter(
            w -> {
              var marker = w.properties().get(RequestMapper.JIRA_PROPERTY);
              return marker != null && row.lineage.equals(marker.path("lineage").asText());
            })
        // A property can be set by anyone who can edit the worklog: never take a linked one.
        .filter(
            w ->
                QuarkusTransaction.requiringNew()
                    .call(
                        () ->
                            LineageLink.count("site = ?1 and localWorklogId = ?2", site, w.id())
                                == 0))
        .findFirst();
  }

  private boolean exists(String site, LineageLink row) {
    long issueId = row.localIssueId;
    long id = row.localWorklogId;
    return WorklogWriter.call(site, "read", () -> sites.site(site).jira().worklog(issueId, id))
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
    return QuarkusTransaction.requiringNew()
        .call(() -> LineageLink.findByLineage(c.name(), site, e.lineage().id()).orElse(null));
  }

  private Outcome skip(Connections.View c, String site, ReplicaEvent e, String why) {
    writer.skipped(c.name(), site, e, why);
    return Outcome.skipped(why);
  }
}
