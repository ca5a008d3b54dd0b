package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.cloud.TempoClient;
import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.cloud.TempoWorklogRequest;
import dev.worklogbridge.inbound.resolve.AuthorChoice;
import dev.worklogbridge.inbound.resolve.AuthorResolver;
import dev.worklogbridge.inbound.resolve.RequestMapper;
import dev.worklogbridge.inbound.resolve.ResolvedIssue;
import dev.worklogbridge.inbound.resolve.TargetRules;
import dev.worklogbridge.model.ReplicaEvent;
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
 * Applies replica events to a site with Tempo, one at a time: resolves the issue and the author,
 * maps the fields and writes through the ledger's claims (a create is claimed PENDING before it is
 * posted, and a PENDING claim first looks for what it may already have posted); an update needs a
 * newer version and a different content; a delete leaves a tombstone. Creates that pile up on one
 * issue go through {@link TempoBulkCreates}.
 */
@ApplicationScoped
class TempoTarget implements Target {

  @Inject Sites sites;
  @Inject TargetChecks checks;
  @Inject TargetRules rules;
  @Inject AuthorResolver authors;
  @Inject RequestMapper mapper;

  /** A create resolved and mapped: its change, and the request it will post on its target issue. */
  record Prepared(
      ReplicaEvent event, Change change, ResolvedIssue issue, TempoWorklogRequest request) {}

  @Override
  public Outcome apply(ApplyRun run, ReplicaEvent e) {
    return switch (e.type()) {
      case CREATED -> create(run, e);
      case UPDATED -> update(run, e);
      case DELETED -> delete(run, e);
    };
  }

  // ---- create ----

  Prepared prepare(ApplyRun run, ReplicaEvent e) {
    String site = run.site();
    ResolvedIssue issue = checks.paired(run.connection(), site, e);
    run.decide(
        "issue", () -> ApplyRun.fields("id", issue.id(), "key", issue.key(), "how", issue.how()));
    AuthorChoice author = author(run, e);
    RequestMapper.Mapped mapped =
        TargetCalls.call(
            site,
            "attribute check",
            () -> mapper.map(run.connection(), site, e, issue.id(), author, false, null));
    run.decide("droppedAttributes", () -> mapped.droppedAttributes());
    if (!mapped.droppedAttributes().isEmpty()) {
      run.ledger()
          .attributesLeftOut(run.name(), site, e.lineage().id(), mapped.droppedAttributes());
    }
    honoured(site, mapped.request(), -1);
    // The change (its idempotency key is a hash) is worked out once: a bulk create claims it, marks
    // it live and may release it.
    return new Prepared(e, Change.of(e), issue, mapped.request());
  }

  /** Parks, with the reason, a write the target's global configuration would refuse. */
  private void honoured(String site, TempoWorklogRequest request, long replacing) {
    TargetCalls.call(site, "configuration check", () -> rules.broken(site, request, replacing))
        .ifPresent(
            reason -> {
              throw new ParkLineage(reason, null);
            });
  }

  /** The author on the target; a dry run previews the decision without recording it. */
  private AuthorChoice author(ApplyRun run, ReplicaEvent e) {
    AuthorChoice author =
        TargetCalls.call(
                run.site(),
                "author lookup",
                () ->
                    run.dry()
                        ? authors.preview(run.connection(), run.site(), e.author())
                        : authors.resolve(run.connection(), run.site(), e.author()))
            .orElseThrow(
                () ->
                    new ParkLineage(
                        Decisions.authorUnknown(run.connection(), run.site(), e), null));
    run.decide(
        "author",
        () ->
            ApplyRun.fields(
                "accountId", author.accountId(),
                "strategy", author.strategy(),
                "reason", author.reason()));
    return author;
  }

  Outcome create(ApplyRun run, ReplicaEvent e) {
    Prepared p = prepare(run, e);
    String site = run.site();
    return switch (run.ledger()
        .claim(
            run.name(),
            site,
            p.change(),
            p.issue().id(),
            p.request().content(),
            LinkRole.REPLICA)) {
      case DELETED -> skip(run, e, "the lineage was deleted on " + site + " (tombstone)");
      case LIVE, SAME -> {
        if (run.verifying() && forgetIfMissing(run, e)) {
          yield create(run, e);
        }
        yield update(run, e);
      }
      case PENDING -> {
        Optional<TempoWorklog> posted = recover(run, e);
        if (posted.isPresent()) {
          run.ledger().live(run.name(), site, p.change(), local(posted.get()), "recovered");
          yield update(run, e);
        }
        yield post(run, p);
      }
      case NEW -> post(run, p);
    };
  }

  Outcome post(ApplyRun run, Prepared p) {
    String site = run.site();
    TempoWorklog written;
    try {
      written = run.writes().tempoCreate(site, p.request());
    } catch (ParkLineage n) {
      if (TargetCalls.refused(n)) {
        run.ledger().release(run.name(), site, p.event().lineage().id());
      }
      throw n;
    }
    run.ledger().live(run.name(), site, p.change(), local(written), "created");
    run.recovery().add(written);
    return new Outcome(Outcome.Kind.CREATED, site + ":" + written.tempoWorklogId());
  }

  /** After a crash between POST and commit: the worklog that was posted, if it was. */
  Optional<TempoWorklog> recover(ApplyRun run, ReplicaEvent e) {
    LineageLink row = run.reads().find(run.name(), run.site(), e.lineage().id()).orElseThrow();
    return run.recovery()
        .find(
            row.localIssueId,
            row.lineage,
            row.pendingHash,
            row.pendingCoreHash,
            id -> run.reads().unlinked(run.site(), id));
  }

  /**
   * During a verifying replay: when the row's worklog no longer exists on the target (data loss),
   * forgets the row so that the lineage is written again. Returns true when it did.
   */
  private boolean forgetIfMissing(ApplyRun run, ReplicaEvent e) {
    LineageLink row = run.reads().find(run.name(), run.site(), e.lineage().id()).orElse(null);
    if (row == null
        || row.state != LinkState.LIVE
        || row.localWorklogId == null
        || row.localIssueId == null
        || run.recovery().exists(row.localIssueId, row.localWorklogId)) {
      return false;
    }
    run.ledger().forgetLost(run.name(), run.site(), row.lineage, row.localWorklogId);
    return true;
  }

  static LocalWorklog local(TempoWorklog w) {
    return new LocalWorklog(w.tempoWorklogId(), w.issueId(), w.content());
  }

  // ---- update ----

  private Outcome update(ApplyRun run, ReplicaEvent e) {
    String site = run.site();
    Connections.View c = run.connection();
    TempoClient tempo = sites.site(site).requireTempo();
    LineageLink row = run.reads().find(run.name(), site, e.lineage().id()).orElse(null);
    if (row == null && e.lineage().originSite().equals(site)) {
      Optional<String> unvouched = checks.unvouchedOrigin(run.name(), site, e);
      if (unvouched.isPresent()) {
        return skip(run, e, unvouched.get());
      }
      row = adoptOrigin(run, e, tempo);
      if (row == null) {
        return skip(run, e, "the original " + e.lineage() + " no longer exists on " + site);
      }
    }
    if (row == null || row.state == LinkState.PENDING) {
      return create(run, e);
    }
    Optional<String> tombstoned = Decisions.tombstoned(row, site);
    if (tombstoned.isPresent()) {
      return skip(run, e, tombstoned.get());
    }
    if (run.verifying() && row.role == LinkRole.REPLICA && forgetIfMissing(run, e)) {
      return create(run, e);
    }
    Optional<String> older = Decisions.older(row, e, site);
    if (older.isPresent()) {
      return skip(run, e, older.get());
    }
    boolean toOrigin = row.role == LinkRole.ORIGIN;
    long issueId = row.localIssueId;
    long localId = row.localWorklogId;
    run.decide(
        "issue",
        () ->
            ApplyRun.fields(
                "id", issueId, "how", "the lineage's existing worklog " + site + ":" + localId));
    AuthorChoice author = author(run, e);
    if (!toOrigin
        && Decisions.holds(
            row, mapper.map(c, site, e, issueId, author, false, null).request().content().hash())) {
      return skip(run, e, "already holds this content");
    }
    Optional<TempoWorklog> current = TargetCalls.call(site, "read", () -> tempo.get(localId));
    if (current.isEmpty()) {
      return skip(
          run, e, "the worklog " + site + ":" + localId + " is gone (its deletion will follow)");
    }
    TempoWorklog now = current.get();
    Optional<String> outside = checks.outsideScope(c, site, now.issueId(), null);
    if (outside.isPresent()) {
      return skip(run, e, site + ":" + localId + " not touched: " + outside.get());
    }
    RequestMapper.Mapped mapped = mapper.map(c, site, e, issueId, author, toOrigin, now);
    run.decide("droppedAttributes", () -> mapped.droppedAttributes());
    TempoWorklogRequest request = mapped.request();
    if (request.content().hash().equals(now.content().hash())) {
      run.ledger().sameContent(run.name(), site, e.lineage().id(), now.content().hash());
      return skip(run, e, "already holds this content");
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
        return skip(run, e, edits + "; " + e.source().site() + "'s edit lost");
      }
      run.ledger()
          .conflictLost(
              run.name(), site, e.lineage().id(), edits + "; the edit made on " + site + " lost");
    }
    honoured(site, request, localId);
    TempoWorklog written = run.writes().tempoUpdate(site, localId, request);
    run.ledger().updated(run.name(), site, Change.of(e), local(written));
    return new Outcome(Outcome.Kind.UPDATED, site + ":" + localId);
  }

  private LineageLink adoptOrigin(ApplyRun run, ReplicaEvent e, TempoClient tempo) {
    long originId = e.lineage().originWorklogId();
    Optional<TempoWorklog> origin = TargetCalls.call(run.site(), "read", () -> tempo.get(originId));
    return origin
        .map(
            o ->
                run.ledger()
                    .adoptOrigin(run.name(), run.site(), e.lineage().id(), local(o), o.updatedAt()))
        .orElse(null);
  }

  // ---- delete ----

  private Outcome delete(ApplyRun run, ReplicaEvent e) {
    String site = run.site();
    LineageLink row = run.reads().find(run.name(), site, e.lineage().id()).orElse(null);
    if (row == null && e.lineage().originSite().equals(site)) {
      // The origin's own row is missing: only the source's linked replica may speak for it.
      Optional<String> unvouched = checks.unvouchedOrigin(run.name(), site, e);
      if (unvouched.isPresent()) {
        return skip(run, e, unvouched.get());
      }
    }
    Optional<Outcome> done = DeleteShortcuts.taken(run, e, row);
    if (done.isPresent()) {
      return done.get();
    }
    Long localId = row.localWorklogId;
    if (row.state == LinkState.PENDING) {
      localId = recover(run, e).map(TempoWorklog::tempoWorklogId).orElse(null);
    }
    if (localId != null && row.localIssueId != null) {
      Optional<String> outside =
          checks.outsideScope(run.connection(), site, row.localIssueId, null);
      if (outside.isPresent()) {
        return skip(run, e, site + ":" + localId + " not deleted: " + outside.get());
      }
    }
    if (localId != null) {
      run.writes().tempoDelete(site, localId);
    }
    run.ledger()
        .tombstone(
            run.name(),
            site,
            Change.of(e),
            "deleted " + site + ":" + localId + " as " + e.source().site() + " did");
    return new Outcome(Outcome.Kind.DELETED, site + ":" + localId);
  }

  private Outcome skip(ApplyRun run, ReplicaEvent e, String why) {
    run.ledger().skipped(run.name(), run.site(), Change.of(e), why);
    Log.debugf("%s %s on %s: skipped, %s", run.name(), e.lineage(), run.site(), why);
    return Outcome.skipped(why);
  }
}
