package dev.worklogbridge.simulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.simulator.gateway.FaultRule;
import dev.worklogbridge.simulator.gateway.Settings;
import dev.worklogbridge.simulator.gateway.SimClock;
import dev.worklogbridge.simulator.gateway.SiteRegistry;
import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.ClosedPeriod;
import dev.worklogbridge.simulator.model.SimSite;
import dev.worklogbridge.simulator.tempo.TempoJson;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The conditions a test sets on the simulated sites: rate limits, faults, Tempo tokens and their
 * revocation, closed periods, Tempo's global configuration, simulator-wide settings and the clock.
 * Not part of any real API.
 */
@Path("/_sim")
@Produces(MediaType.APPLICATION_JSON)
public class ConditionsResource {

  @Inject SiteRegistry registry;

  // ---- limits, faults, tokens, settings ----

  @PUT
  @Path("sites/{site}/limits")
  public void limits(@PathParam("site") String site, Seed.LimitsSeed limits) {
    registry.require(site);
    registry.setLimits(site, Seeder.limits(limits));
  }

  @POST
  @Path("sites/{site}/faults")
  public void addFault(@PathParam("site") String site, FaultRule rule) {
    registry.require(site);
    registry.addFault(site, rule);
  }

  @DELETE
  @Path("sites/{site}/faults")
  public void clearFaults(@PathParam("site") String site) {
    registry.clearFaults(site);
  }

  @POST
  @Path("sites/{site}/tempo-tokens")
  public void addToken(@PathParam("site") String site, Seed.TokenSeed token) {
    registry.require(site);
    registry.putTempoToken(Seeder.token(site, token));
  }

  @POST
  @Path("sites/{site}/tempo-tokens/{label}/revoke")
  public void revoke(@PathParam("site") String site, @PathParam("label") String label) {
    registry.revokeTempoToken(site, label);
  }

  @PUT
  @Path("sites/{site}/closed-periods")
  public void closedPeriods(@PathParam("site") String site, List<Map<String, String>> periods) {
    List<ClosedPeriod> parsed = new ArrayList<>();
    for (Map<String, String> p : periods) {
      parsed.add(new ClosedPeriod(LocalDate.parse(p.get("from")), LocalDate.parse(p.get("to"))));
    }
    registry.require(site).tempoSetup().setClosedPeriods(parsed);
  }

  @PUT
  @Path("settings")
  public void settings(JsonNode body) {
    Settings s = registry.settings();
    if (body.has("webhookRetryDelayMs")) {
      s.webhookRetryDelayMs = body.get("webhookRetryDelayMs").asLong();
    }
    if (body.has("webhookMaxAttempts")) {
      s.webhookMaxAttempts = body.get("webhookMaxAttempts").asInt();
    }
    if (body.has("webhookTimeoutMs")) {
      s.webhookTimeoutMs = body.get("webhookTimeoutMs").asLong();
    }
    if (body.has("jiraFeedDelayMs")) {
      s.jiraFeedDelayMs = body.get("jiraFeedDelayMs").asLong();
    }
    if (body.has("allowHttpWebhooks")) {
      s.allowHttpWebhooks = body.get("allowHttpWebhooks").asBoolean();
    }
    if (body.has("bulkItemDelayMs")) {
      s.bulkItemDelayMs = body.get("bulkItemDelayMs").asLong();
    }
    if (body.has("webhookVerificationFailures")) {
      s.webhookVerificationFailures.set(body.get("webhookVerificationFailures").asInt());
    }
    if (body.has("papertrailWithoutTime")) {
      s.papertrailWithoutTime = body.get("papertrailWithoutTime").asBoolean();
    }
    if (body.has("timestampMillis")) {
      SimSite.stampMillis(body.get("timestampMillis").asBoolean());
    }
  }

  /**
   * Changes a site's Tempo global configuration (the fields given; the rest stay): {@code
   * numberOfDaysAllowedIntoFuture}, {@code maxHoursPerDayPerUser}, {@code
   * worklogDescriptionOptional}, {@code allowLoggingOnClosedAccount}, {@code weekStart}.
   */
  @PUT
  @Path("sites/{site}/global-configuration")
  public JsonNode globalConfiguration(@PathParam("site") String name, JsonNode body) {
    SimSite site = registry.require(name);
    dev.worklogbridge.simulator.model.TempoRules r = site.tempoSetup().rules;
    site.tempoSetup().rules =
        new dev.worklogbridge.simulator.model.TempoRules(
            body.path("weekStart").asInt(r.weekStart()),
            body.path("numberOfDaysAllowedIntoFuture").asInt(r.numberOfDaysAllowedIntoFuture()),
            body.has("maxHoursPerDayPerUser")
                ? Integer.valueOf(body.get("maxHoursPerDayPerUser").asInt())
                : r.maxHoursPerDayPerUser(),
            body.path("worklogDescriptionOptional").asBoolean(r.worklogDescriptionOptional()),
            body.path("allowLoggingOnClosedAccount").asBoolean(r.allowLoggingOnClosedAccount()));
    return TempoJson.JSON.valueToTree(site.tempoSetup().rules);
  }

  // ---- the clock ----

  /** The simulator's time and whether it is frozen. */
  @GET
  @Path("clock")
  public JsonNode clock() {
    return TempoJson.JSON
        .createObjectNode()
        .put("now", SimClock.instant().toString())
        .put("frozen", SimClock.frozen());
  }

  /** Freezes the clock, at {@code {"at": ISO instant}} or now; it then moves only by advance. */
  @PUT
  @Path("clock")
  public JsonNode freeze(JsonNode body) {
    String at = body == null ? null : body.path("at").asText(null);
    try {
      SimClock.freeze(at == null ? null : Instant.parse(at));
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiError.badRequest("at must be an ISO-8601 instant: " + at);
    }
    return clock();
  }

  /** Moves a frozen clock forward by {@code {"millis": n}}. */
  @POST
  @Path("clock/advance")
  public JsonNode advance(JsonNode body) {
    long millis = body == null ? 0 : body.path("millis").asLong(0);
    try {
      SimClock.advance(java.time.Duration.ofMillis(millis));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    return clock();
  }

  /** Lets the clock follow the wall clock again. */
  @DELETE
  @Path("clock")
  public JsonNode runClock() {
    SimClock.run();
    return clock();
  }
}
