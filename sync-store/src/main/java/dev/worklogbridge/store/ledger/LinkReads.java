package dev.worklogbridge.store.ledger;

import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.StringLookups;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
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
   * nothing to resolve, read, write or record. One statement for the whole batch, the lineages and
   * keys bound as two arrays; only the matching lineages come back (no rows are loaded).
   */
  public Set<String> alreadyApplied(
      String connection, String site, Map<String, String> keyByLineage) {
    if (keyByLineage.isEmpty()) {
      return Set.of();
    }
    String[] lineages = new String[keyByLineage.size()];
    String[] keys = new String[lineages.length];
    int i = 0;
    for (Map.Entry<String, String> e : keyByLineage.entrySet()) {
      lineages[i] = e.getKey();
      keys[i++] = e.getValue();
    }
    return QuarkusTransaction.requiringNew()
        .call(() -> StringLookups.select(ALREADY_APPLIED, lineages, keys, site, connection));
  }

  private static final String ALREADY_APPLIED =
      "select l.lineage from unnest(?::text[], ?::text[]) as k(lineage, idempotency_key)"
          + " join lineage_link l on l.lineage = k.lineage and l.site = ? and l.connection = ?"
          + " where l.last_idempotency_key = k.idempotency_key and l.state <> 'PENDING'";
}
