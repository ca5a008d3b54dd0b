package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.inbound.resolve.IssuePairingResolver;
import dev.worklogbridge.inbound.resolve.ResolvedIssue;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.scope.IssueScope;
import dev.worklogbridge.store.ledger.LinkReads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The checks both targets make before they write, against the connection's scope and the bridge's
 * own records: nothing a site's users can type (a remote-key field, a lineage in a marker) leads
 * the bridge to an issue or a worklog the connection does not name.
 */
@ApplicationScoped
class TargetChecks {

  @Inject IssuePairingResolver pairing;
  @Inject IssueScope scope;
  @Inject LinkReads reads;

  /**
   * The target issue of the event's source issue, or {@link ParkLineage} while it has no pair, or
   * while the pair is outside the connection's scope on the target (a remote-key field is typed by
   * people: it never leads the bridge to an issue the connection does not name).
   */
  ResolvedIssue paired(Connections.View c, String site, ReplicaEvent e) {
    ResolvedIssue issue =
        TargetCalls.call(
                site, "issue pairing", () -> pairing.resolve(c, e.source().site(), e.issue(), site))
            .orElseThrow(() -> new ParkLineage(IssuePairingResolver.unpaired(e, site), null));
    outsideScope(c, site, issue.id(), issue.key())
        .ifPresent(
            why -> {
              throw new ParkLineage(why + " (paired by " + issue.how() + ")", null);
            });
    return issue;
  }

  /**
   * Why the bridge must not write on issue {@code issueId} of {@code site}: it is outside the
   * connection's scope there. Empty when it is inside.
   */
  Optional<String> outsideScope(Connections.View c, String site, long issueId, String key) {
    if (TargetCalls.call(site, "scope check", () -> scope.inScope(c, site, issueId))) {
      return Optional.empty();
    }
    return Optional.of(
        "issue "
            + (key != null ? key : Long.toString(issueId))
            + " is outside the scope of connection "
            + c.name()
            + " on "
            + site);
  }

  /**
   * Why an event may not reach the origin worklog {@code site} holds for its lineage when no link
   * row of {@code site} has it yet: only a replica the bridge linked on the source may speak for a
   * lineage (a lineage id in an event is only as good as the source's link row behind it).
   */
  Optional<String> unvouchedOrigin(String connection, String site, ReplicaEvent e) {
    if (reads.vouches(
        connection, e.source().site(), e.lineage().id(), e.source().tempoWorklogId())) {
      return Optional.empty();
    }
    return Optional.of(
        "no link row says "
            + e.source().site()
            + ":"
            + e.source().tempoWorklogId()
            + " is a replica of "
            + e.lineage()
            + "; "
            + site
            + ":"
            + e.lineage().originWorklogId()
            + " is not touched");
  }
}
