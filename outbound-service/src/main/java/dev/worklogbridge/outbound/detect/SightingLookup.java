package dev.worklogbridge.outbound.detect;

import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.model.Lineage;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkState;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides what a batch of sightings means for one connection from the bridge's own link rows, in a
 * few queries. The lineage marker is a text field anyone on the site can edit, so it is never
 * believed on its own: a worklog carries the lineage a link row gives it (found by its id, or by
 * the lineage it would originate). A marker only ever makes the bridge wait: it names a create the
 * inbound side has in flight on the same issue, whose link row does not know its worklog id yet.
 * Any other marker is ignored, and the decision says so.
 */
final class SightingLookup {

  /** The longest lineage id a link row can hold; longer markers are not even looked up. */
  static final int LINEAGE_MAX = 96;

  /** What one sighting comes to: its decision, its row (or null) and the lineage it publishes. */
  record Sighting(Decision decision, LineageLink row, String lineage, String ignoredMarker) {}

  private SightingLookup() {}

  /** The lineage a worklog would originate on {@code site}. */
  static String ownLineage(String site, TempoWorklog w) {
    return new Lineage(site, w.tempoWorklogId()).id();
  }

  /**
   * Looks up the rows of {@code worklogs} for one connection and decides each. With {@code lock},
   * the rows are locked until the transaction ends.
   */
  static List<Sighting> decide(
      String connection, String site, List<TempoWorklog> worklogs, boolean lock) {
    List<Long> ids = worklogs.stream().map(TempoWorklog::tempoWorklogId).distinct().toList();
    Map<Long, LineageLink> byLocal = new HashMap<>();
    if (!ids.isEmpty()) {
      query("connection = ?1 and site = ?2 and localWorklogId in ?3", lock, connection, site, ids)
          .forEach(r -> byLocal.put(r.localWorklogId, r));
    }
    Set<String> lineages = new LinkedHashSet<>();
    for (TempoWorklog w : worklogs) {
      if (!byLocal.containsKey(w.tempoWorklogId())) {
        lineages.add(ownLineage(site, w));
        w.lineageMarker().filter(m -> m.length() <= LINEAGE_MAX).ifPresent(lineages::add);
      }
    }
    Map<String, LineageLink> byLineage = new HashMap<>();
    if (!lineages.isEmpty()) {
      query(
              "connection = ?1 and site = ?2 and lineage in ?3",
              lock,
              connection,
              site,
              List.copyOf(lineages))
          .forEach(r -> byLineage.put(r.lineage, r));
    }
    Set<String> pending =
        LineageLink.pendingKeys(
            connection, site, worklogs.stream().map(TempoWorklog::issueId).distinct().toList());
    List<Sighting> out = new ArrayList<>(worklogs.size());
    for (TempoWorklog w : worklogs) {
      out.add(sighting(site, w, byLocal, byLineage, pending));
    }
    return out;
  }

  private static Sighting sighting(
      String site,
      TempoWorklog w,
      Map<Long, LineageLink> byLocal,
      Map<String, LineageLink> byLineage,
      Collection<String> pending) {
    String own = ownLineage(site, w);
    String marker = w.lineageMarker().orElse(null);
    String hash = w.content().hash();
    LineageLink row = byLocal.get(w.tempoWorklogId());
    if (row == null) {
      // Its own lineage may have a row without its id: a deletion that arrived first (tombstone).
      row = byLineage.get(own);
    }
    if (row != null) {
      String ignored = marker != null && !marker.equals(row.lineage) ? marker : null;
      return new Sighting(Decision.of(row, false, hash, w.updatedAt()), row, row.lineage, ignored);
    }
    boolean pendingEcho = pending.contains(w.issueId() + "|" + hash);
    if (marker == null || marker.equals(own)) {
      return new Sighting(Decision.of(null, pendingEcho, hash, w.updatedAt()), null, own, null);
    }
    LineageLink named = byLineage.get(marker);
    if (named != null && inFlightHere(named, w)) {
      return new Sighting(Decision.SKIP_PENDING_ECHO, null, marker, null);
    }
    return new Sighting(Decision.of(null, pendingEcho, hash, w.updatedAt()), null, own, marker);
  }

  /** A create the inbound side has posted (or is posting) on this worklog's issue. */
  private static boolean inFlightHere(LineageLink named, TempoWorklog w) {
    return named.state == LinkState.PENDING
        && named.localWorklogId == null
        && Objects.equals(named.localIssueId, w.issueId());
  }

  private static List<LineageLink> query(String where, boolean lock, Object... params) {
    var q = LineageLink.<LineageLink>find(where, params);
    return lock ? q.withLock(LockModeType.PESSIMISTIC_WRITE).list() : q.list();
  }
}
