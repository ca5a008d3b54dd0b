package dev.worklogbridge.inbound.apply;

import dev.worklogbridge.cloud.TempoClient;
import dev.worklogbridge.cloud.TempoWorklog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds a worklog a create may already have posted before a crash or a lost answer: by the lineage
 * marker, or (on targets without it) by content. The marker is a text field people can type, so a
 * worklog is only taken when no link row has it and it holds what the create posted. Reads each
 * issue's worklogs once per batch; a failed read parks the event (or pauses on a 401).
 */
public final class Recovery {

  private final String site;
  private final TempoClient tempo;
  private final Map<Long, List<TempoWorklog>> byIssue = new HashMap<>();

  public Recovery(String site, TempoClient tempo) {
    this.site = site;
    this.tempo = tempo;
  }

  Optional<TempoWorklog> find(
      long issueId,
      String lineage,
      String pendingHash,
      String pendingCoreHash,
      Predicate<Long> free) {
    List<TempoWorklog> worklogs = read(issueId);
    Optional<TempoWorklog> marked =
        worklogs.stream()
            .filter(w -> w.lineageMarker().map(lineage::equals).orElse(false))
            .filter(
                w ->
                    w.content().hash().equals(pendingHash)
                        || w.content().coreHash().equals(pendingCoreHash))
            .filter(w -> free.test(w.tempoWorklogId()))
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
    return read(issueId).stream().anyMatch(w -> w.tempoWorklogId() == worklogId);
  }

  private List<TempoWorklog> read(long issueId) {
    return byIssue.computeIfAbsent(
        issueId,
        id ->
            new java.util.ArrayList<>(
                TargetCalls.call(site, "read of issue " + id, () -> tempo.byIssue(id))));
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
