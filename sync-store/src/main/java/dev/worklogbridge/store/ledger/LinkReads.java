package dev.worklogbridge.store.ledger;

import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.LinkState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the link rows say, read without locks, each read in a transaction of its own. The rows a
 * read returns are detached: changes to them go through {@link LinkLedger}.
 */
@ApplicationScoped
public class LinkReads {

  /** The lineage's row on {@code site}, if it has one. */
  public Optional<LineageLink> find(String connection, String site, String lineage) {
    return QuarkusTransaction.requiringNew()
        .call(() -> LineageLink.findByLineage(connection, site, lineage));
  }

  /**
   * True when no link row of {@code site} names this worklog: a worklog found by its marker (which
   * anyone who can edit it can type) is taken only when no lineage already owns it.
   */
  public boolean unlinked(String site, long localWorklogId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                LineageLink.count("site = ?1 and localWorklogId = ?2", site, localWorklogId) == 0);
  }

  /**
   * True when the source's own row says that its worklog {@code sourceWorklogId} is a replica of
   * {@code lineage}: only such a replica may speak for an origin whose row is missing (a lineage id
   * in an event is only as good as the source's link row behind it).
   */
  public boolean vouches(
      String connection, String sourceSite, String lineage, long sourceWorklogId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                LineageLink.findByLineage(connection, sourceSite, lineage)
                    .filter(r -> r.role == LinkRole.REPLICA)
                    .filter(r -> r.localWorklogId != null)
                    .filter(r -> r.localWorklogId == sourceWorklogId)
                    .isPresent());
  }

  /**
   * The lineages whose row has already applied exactly the given change (its idempotency key is the
   * row's last one, and the row is not a create still in flight): a redelivery or a replay with
   * nothing to resolve, read, write or record. One query per thousand lineages.
   */
  public Set<String> alreadyApplied(
      String connection, String site, Map<String, String> keyByLineage) {
    Set<String> out = new HashSet<>();
    List<String> lineages = List.copyOf(keyByLineage.keySet());
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              for (int from = 0; from < lineages.size(); from += 1000) {
                for (LineageLink row :
                    LineageLink.<LineageLink>list(
                        "connection = ?1 and site = ?2 and lineage in ?3",
                        connection,
                        site,
                        lineages.subList(from, Math.min(lineages.size(), from + 1000)))) {
                  if (row.state != LinkState.PENDING
                      && row.lastIdempotencyKey != null
                      && row.lastIdempotencyKey.equals(keyByLineage.get(row.lineage))) {
                    out.add(row.lineage);
                  }
                }
              }
            });
    return out;
  }
}
