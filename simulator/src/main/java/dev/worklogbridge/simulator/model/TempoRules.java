package dev.worklogbridge.simulator.model;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A site's Tempo global configuration ({@code GET /4/globalconfiguration}), with the names and
 * types the reference gives, and the checks Tempo makes with it on every write.
 */
@com.fasterxml.jackson.annotation.JsonInclude(
    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record TempoRules(
    int weekStart,
    int numberOfDaysAllowedIntoFuture,
    Integer maxHoursPerDayPerUser,
    boolean worklogDescriptionOptional,
    boolean allowLoggingOnClosedAccount) {

  /** No daily maximum unless one is set: Tempo's default is not documented. */
  public static final TempoRules DEFAULT = new TempoRules(1, 365, null, true, false);

  /**
   * Refuses a write that breaks the configuration; {@code sameDaySeconds} is what the author has
   * logged on that date already (other worklogs).
   */
  void check(WorklogInput in, long sameDaySeconds) {
    if (!worklogDescriptionOptional && (in.description() == null || in.description().isBlank())) {
      throw ApiError.badRequest("Worklog description is required");
    }
    LocalDate today = LocalDate.ofInstant(SimSite.now(), ZoneOffset.UTC);
    if (in.startDate().isAfter(today.plusDays(numberOfDaysAllowedIntoFuture))) {
      throw ApiError.badRequest(
          "Worklogs cannot be logged more than "
              + numberOfDaysAllowedIntoFuture
              + " days into the future");
    }
    if (maxHoursPerDayPerUser != null
        && sameDaySeconds + in.timeSpentSeconds() > maxHoursPerDayPerUser * 3600L) {
      throw ApiError.badRequest(
          "The user cannot log more than " + maxHoursPerDayPerUser + " hours per day");
    }
  }
}
