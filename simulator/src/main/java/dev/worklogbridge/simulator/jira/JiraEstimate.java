package dev.worklogbridge.simulator.jira;

import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.SimIssue;

/** Jira's {@code adjustEstimate} choice for a worklog write. */
record JiraEstimate(String mode, Long seconds) {
  static JiraEstimate of(String mode, String newEstimate, String reduceBy) {
    String m = mode == null ? "auto" : mode;
    return switch (m) {
      case "auto", "leave" -> new JiraEstimate(m, null);
      case "new" -> {
        if (newEstimate == null || newEstimate.isBlank()) {
          throw ApiError.badRequest("newEstimate is required when adjustEstimate is new");
        }
        yield new JiraEstimate(
            m,
            newEstimate.trim().matches("0+\\s*[wdhm]?")
                ? 0L
                : JiraWorklogBody.parseDuration(newEstimate));
      }
      case "manual" -> {
        if (reduceBy == null || reduceBy.isBlank()) {
          throw ApiError.badRequest("reduceBy is required when adjustEstimate is manual");
        }
        yield new JiraEstimate(m, JiraWorklogBody.parseDuration(reduceBy));
      }
      default ->
          throw ApiError.badRequest(
              "adjustEstimate must be one of auto, leave, new, manual; was '" + m + "'");
    };
  }

  void apply(SimIssue issue, long spentNow, long spentBefore) {
    switch (mode) {
      case "new" -> issue.remainingEstimateSeconds = seconds;
      case "manual" ->
          issue.remainingEstimateSeconds =
              Math.max(
                  0,
                  (issue.remainingEstimateSeconds == null ? 0 : issue.remainingEstimateSeconds)
                      - seconds);
      case "auto" -> {
        if (issue.remainingEstimateSeconds != null) {
          issue.remainingEstimateSeconds =
              Math.max(0, issue.remainingEstimateSeconds - (spentNow - spentBefore));
        }
      }
      default -> {}
    }
  }
}
