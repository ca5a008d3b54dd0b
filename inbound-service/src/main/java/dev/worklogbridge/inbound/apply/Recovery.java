package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.cloud.TempoClient;
import dev.worklogbridge.cloud.TempoWorklog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds a worklog a create may already have posted before a crash: by the lineage marker, or (on
 * targets without it) by content. Reads each issue's worklogs once per batch.
 */
public final class Recovery {

  private final TempoClient tempo;
  private final Map<Long, List<TempoWorklog>> byIssue = new HashMap<>();

  public Recovery(TempoClient tempo) {
    this.tempo = tempo;
  }

  Optional<TempoWorklog> find(
      long issueId, String lineage, String pendingHash, Predicate<Long> free) {
    List<TempoWorklog> worklogs =
        byIssue.computeIfAbsent(issueId, id -> new java.util.ArrayList<>(tempo.byIssue(id)));
    Optional<TempoWorklog> marked =
        worklogs.stream()
            .filter(w -> w.lineageMarker().map(lineage::equals).orElse(false))
            .findFirst();
    if (marked.isPresent()) {
      return marked;
    }
    return worklogs.stream()
        .filter(
            w ->
                w.lineageMarker().isEmpty()
                    && free.test(w.tempoWorklogId())
                    && w.content().hash().equals(pendingHash))
        .findFirst();
  }

  /** Whether the target still has this worklog on this issue (one read per issue per scope). */
  boolean exists(long issueId, long worklogId) {
    return byIssue
        .computeIfAbsent(issueId, id -> new java.util.ArrayList<>(tempo.byIssue(id)))
        .stream()
        .anyMatch(w -> w.tempoWorklogId() == worklogId);
  }

  /** A worklog the bridge just wrote: part of what the issue holds from now on. */
  void add(TempoWorklog written) {
    List<TempoWorklog> known = byIssue.get(written.issueId());
    if (known != null) {
      known.add(written);
    }
  }

  void forget(long issueId) {
    byIssue.remove(issueId);
  }
}
