package dev.worklogbridge.inbound.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.worklogbridge.cloud.TempoClient;
import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.cloud.TempoWorklogRequest;
import dev.worklogbridge.runtime.site.Sites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The target's Tempo global configuration, honoured before a write: a worklog the target would
 * refuse (no description where one is required, too far into the future, more hours on the day than
 * a person may log) is not sent; the caller parks it with the reason, and a retry checks again
 * before sending. Read every ten minutes; missing fields allow everything.
 */
@ApplicationScoped
public class TargetRules {

  /** What the target allows. */
  record Rules(boolean descriptionOptional, int daysIntoFuture, int maxHoursPerDay) {
    static final Rules ANYTHING = new Rules(true, Integer.MAX_VALUE, 24);

    static Rules of(JsonNode n) {
      return new Rules(
          n.path("worklogDescriptionOptional").asBoolean(true),
          n.path("numberOfDaysAllowedIntoFuture").asInt(Integer.MAX_VALUE),
          n.path("maxHoursPerDayPerUser").asInt(24));
    }
  }

  @Inject Sites sites;
  @Inject Clock clock;

  private final Cache<String, Rules> bySite =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(10)).build();

  /**
   * Why {@code site} would refuse this worklog, or empty; {@code replacing} is the id of the
   * worklog an update replaces (its own time does not count against the day), or -1.
   */
  public Optional<String> broken(String site, TempoWorklogRequest r, long replacing) {
    Optional<TempoClient> tempo = sites.site(site).tempo();
    if (tempo.isEmpty()) {
      return Optional.empty();
    }
    Rules rules = bySite.get(site, s -> Rules.of(tempo.get().globalConfiguration()));
    if (!rules.descriptionOptional() && (r.description() == null || r.description().isBlank())) {
      return Optional.of(site + " requires a worklog description (worklogDescriptionOptional)");
    }
    LocalDate today = LocalDate.now(clock);
    if (rules.daysIntoFuture() < Integer.MAX_VALUE
        && r.startDate().isAfter(today.plusDays(rules.daysIntoFuture()))) {
      return Optional.of(
          site
              + " allows worklogs at most "
              + rules.daysIntoFuture()
              + " days into the future (numberOfDaysAllowedIntoFuture); this one is on "
              + r.startDate());
    }
    if (rules.maxHoursPerDay() < 24) {
      long logged =
          tempo.get().byAuthorOn(r.authorAccountId(), r.startDate()).stream()
              .filter(w -> w.tempoWorklogId() != replacing)
              .mapToLong(TempoWorklog::timeSpentSeconds)
              .sum();
      if (logged + r.timeSpentSeconds() > rules.maxHoursPerDay() * 3600L) {
        return Optional.of(
            site
                + " allows at most "
                + rules.maxHoursPerDay()
                + " hours per person and day (maxHoursPerDayPerUser); "
                + r.startDate()
                + " already holds "
                + logged / 60
                + " min");
      }
    }
    return Optional.empty();
  }

  /** Forgets what was read. */
  public void forget() {
    bySite.invalidateAll();
  }
}
