package dev.worklogbridge.simulator.tempo;

import dev.worklogbridge.simulator.model.SimIssue;
import dev.worklogbridge.simulator.model.SimSite;
import dev.worklogbridge.simulator.model.SimWorklog;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** Filters and orders worklogs as the list and search endpoints do. */
final class WorklogQueries {

  private WorklogQueries() {}

  static Predicate<SimWorklog> filter(
      SimSite site,
      List<Long> projectIds,
      List<Long> issueIds,
      List<String> authorIds,
      LocalDate from,
      LocalDate to,
      Instant updatedFrom) {
    return w -> {
      if (!issueIds.isEmpty() && !issueIds.contains(w.issueId)) {
        return false;
      }
      if (!projectIds.isEmpty()) {
        SimIssue issue = site.directory().issue(w.issueId);
        if (issue == null || !projectIds.contains(issue.projectId)) {
          return false;
        }
      }
      if (!authorIds.isEmpty() && !authorIds.contains(w.authorAccountId)) {
        return false;
      }
      if (from != null && w.startDate.isBefore(from)) {
        return false;
      }
      if (to != null && w.startDate.isAfter(to)) {
        return false;
      }
      return updatedFrom == null || !w.updatedAt.isBefore(updatedFrom);
    };
  }

  /**
   * The order of a list: by {@code orderBy} (ID, START_DATE_TIME or UPDATED), descending unless
   * {@code ascending}, ties broken by id in the same direction. Without {@code orderBy} Tempo lists
   * by start date and time, then id, ascending.
   */
  static Comparator<SimWorklog> order(String orderBy, boolean ascending) {
    Comparator<SimWorklog> byId = Comparator.comparingLong(w -> w.tempoWorklogId);
    Comparator<SimWorklog> byStart =
        Comparator.<SimWorklog, LocalDate>comparing(w -> w.startDate)
            .thenComparing(w -> w.startTime)
            .thenComparing(byId);
    if (orderBy == null) {
      return byStart;
    }
    Comparator<SimWorklog> order =
        switch (orderBy) {
          case "UPDATED" ->
              Comparator.<SimWorklog, Instant>comparing(w -> w.updatedAt).thenComparing(byId);
          case "START_DATE_TIME" -> byStart;
          default -> byId;
        };
    return ascending ? order : order.reversed();
  }
}
