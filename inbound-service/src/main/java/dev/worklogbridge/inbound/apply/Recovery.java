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
final class Recovery {

  private final TempoClient tempo;
  private final Map<Long, List<TempoWorklog>> byIssue = new HashMap<>();

  Recovery(TempoClient tempo) {
    this.tempo = tempo;
  }

  Optional<TempoWorklog> find(
      long issueId, String lineage, String pendingHash, Predicate<Long> free) {
    List<TempoWorklog> worklogs = byIssue.computeIfAbsent(issueId, tempo::byIssue);
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

  void forget(long issueId) {
    byIssue.remove(issueId);
  }
}
