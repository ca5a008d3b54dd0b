package dev.worklogbridge.simulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.simulator.gateway.Calls;
import dev.worklogbridge.simulator.gateway.FaultRule;
import dev.worklogbridge.simulator.gateway.RequestLog;
import dev.worklogbridge.simulator.gateway.Settings;
import dev.worklogbridge.simulator.gateway.SimClock;
import dev.worklogbridge.simulator.gateway.SiteRegistry;
import dev.worklogbridge.simulator.jira.JiraJson;
import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.ClosedPeriod;
import dev.worklogbridge.simulator.model.SimIssue;
import dev.worklogbridge.simulator.model.SimSite;
import dev.worklogbridge.simulator.model.SimUser;
import dev.worklogbridge.simulator.model.SimWorklog;
import dev.worklogbridge.simulator.model.WorklogInput;
import dev.worklogbridge.simulator.tempo.TempoJson;
import dev.worklogbridge.simulator.tempo.WebhookDispatcher;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's control API for tests and the demo: seed, act as a person, inject faults and
 * limits, rotate tokens, read the request log. Not part of any real API; never authenticated.
 */
@Path("/_sim")
@Produces(MediaType.APPLICATION_JSON)
public class ControlResource {

  @Inject SiteRegistry registry;
  @Inject RequestLog requestLog;
  @Inject Seeder seeder;
  @Inject WebhookDispatcher webhooks;
  @Inject Calls calls;

  @GET
  @Path("ping")
  public JsonNode ping() {
    return TempoJson.JSON.createObjectNode().put("ok", true).put("sites", registry.all().size());
  }

  @POST
  @Path("reset")
  public void reset() {
    registry.reset();
    requestLog.clear();
    webhooks.clear();
  }

  @POST
  @Path("seed")
  public List<String> seed(Seed seed) {
    return seeder.apply(seed);
  }

  @GET
  @Path("sites/{site}")
  public JsonNode site(@PathParam("site") String name) {
    SimSite site = registry.require(name);
    ObjectNode n = TempoJson.JSON.createObjectNode();
    n.put("name", site.name);
    n.put("worklogs", site.tempo().worklogs(w -> true).size());
    n.put("issues", site.directory().issues(i -> true).size());
    n.put("users", site.directory().users().size());
    ArrayNode bulks = n.putArray("bulksRunning");
    site.tempo().bulksRunning().forEach(bulks::add);
    ArrayNode subs = n.putArray("webhookSubscriptions");
    site.webhooks()
        .subscriptions()
        .forEach(
            s ->
                subs.addObject()
                    .put("id", s.id)
                    .put("event", s.event)
                    .put("url", s.url)
                    .put("active", s.active));
    return n;
  }

  @POST
  @Path("sites/{site}/users")
  public void addUser(@PathParam("site") String site, Seed.UserSeed user) {
    seeder.apply(
        new Seed(
            List.of(
                new Seed.SiteSeed(site, null, null, List.of(user), null, null, null, null, null))));
  }

  @POST
  @Path("sites/{site}/issues")
  public void addIssue(@PathParam("site") String site, Seed.IssueSeed issue) {
    registry
        .require(site)
        .directory()
        .addIssue(issue.key(), issue.id(), issue.summary(), issue.fields());
  }

  @PUT
  @Path("sites/{site}/issues/{key}/fields")
  public void setFields(
      @PathParam("site") String site, @PathParam("key") String key, Map<String, String> fields) {
    registry.require(site).directory().setIssueFields(key, fields);
  }

  @GET
  @Path("sites/{site}/worklogs")
  public JsonNode worklogs(@PathParam("site") String name) {
    SimSite site = registry.require(name);
    ArrayNode out = TempoJson.JSON.createArrayNode();
    site.tempo().worklogs(w -> true).stream()
        .sorted(Comparator.comparingLong(w -> w.tempoWorklogId))
        .forEach(w -> out.add(TempoJson.worklog(calls.context(), site, w)));
    return out;
  }

  /**
   * Every Jira worklog of a site, as Jira shows them with {@code expand=properties}: the twins of
   * Tempo worklogs and those created through Jira's own API.
   */
  @GET
  @Path("sites/{site}/jira-worklogs")
  public JsonNode jiraWorklogs(@PathParam("site") String name) {
    SimSite site = registry.require(name);
    ArrayNode out = TempoJson.JSON.createArrayNode();
    site.jira().worklogs(w -> true).stream()
        .sorted(Comparator.comparingLong(w -> w.id))
        .forEach(w -> out.add(JiraJson.worklog(calls.context(), site, w, true)));
    return out;
  }

  @DELETE
  @Path("sites/{site}/worklogs")
  public void wipe(@PathParam("site") String site) {
    registry.require(site).tempo().wipe();
  }

  // ---- people acting ----

  /**
   * A person logs work: {@code {as, issueKey | issueId, startDate, startTime?, timeSpentSeconds,
   * billableSeconds?, description?, attributes?: {key: value}}}. Webhooks fire as for any change.
   */
  @POST
  @Path("sites/{site}/act/worklogs")
  public JsonNode logWork(@PathParam("site") String name, JsonNode body) {
    SimSite site = registry.require(name);
    String as = required(body, "as");
    SimIssue issue =
        body.hasNonNull("issueKey")
            ? site.directory().issueByIdOrKey(body.get("issueKey").asText())
            : site.directory().issue(body.path("issueId").asLong());
    if (issue == null) {
      throw ApiError.badRequest("no such issue");
    }
    WorklogInput in =
        new WorklogInput(
            as,
            issue.id,
            LocalDate.parse(required(body, "startDate")),
            body.hasNonNull("startTime")
                ? LocalTime.parse(body.get("startTime").asText())
                : LocalTime.of(9, 0),
            body.path("timeSpentSeconds").asLong(3600),
            body.hasNonNull("billableSeconds") ? body.get("billableSeconds").asLong() : null,
            body.path("description").asText(""),
            null,
            attributes(body.get("attributes")),
            false);
    return TempoJson.worklog(calls.context(), site, site.tempo().create(in, as, false));
  }

  /** A person edits a worklog; only the fields given change. */
  @PUT
  @Path("sites/{site}/act/worklogs/{id}")
  public JsonNode editWork(
      @PathParam("site") String name, @PathParam("id") long id, JsonNode body) {
    SimSite site = registry.require(name);
    SimWorklog w = site.tempo().worklog(id);
    if (w == null) {
      throw ApiError.notFound("Worklog " + id + " not found");
    }
    Map<String, String> attributes =
        body.has("attributes")
            ? attributes(body.get("attributes"))
            : new LinkedHashMap<>(w.attributes);
    WorklogInput in =
        new WorklogInput(
            body.hasNonNull("authorAccountId")
                ? body.get("authorAccountId").asText()
                : w.authorAccountId,
            null,
            body.hasNonNull("startDate")
                ? LocalDate.parse(body.get("startDate").asText())
                : w.startDate,
            body.hasNonNull("startTime")
                ? LocalTime.parse(body.get("startTime").asText())
                : w.startTime,
            body.hasNonNull("timeSpentSeconds")
                ? body.get("timeSpentSeconds").asLong()
                : w.timeSpentSeconds,
            body.hasNonNull("billableSeconds")
                ? body.get("billableSeconds").asLong()
                : w.billableSeconds,
            body.hasNonNull("description") ? body.get("description").asText() : w.description,
            null,
            attributes,
            false);
    String as = body.hasNonNull("as") ? body.get("as").asText() : w.authorAccountId;
    return TempoJson.worklog(calls.context(), site, site.tempo().update(id, in, as, false));
  }

  @DELETE
  @Path("sites/{site}/act/worklogs/{id}")
  public void deleteWork(
      @PathParam("site") String name, @PathParam("id") long id, @QueryParam("as") String as) {
    registry.require(name).tempo().delete(id, false, as, false);
  }

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

  // ---- observation ----

  @GET
  @Path("requests")
  public List<RequestLog.Entry> requests(
      @QueryParam("after") long after,
      @QueryParam("site") String site,
      @QueryParam("limit") Integer limit) {
    return requestLog.after(after, site, limit == null ? 1_000_000 : limit);
  }

  @GET
  @Path("requests/last")
  public JsonNode lastRequest() {
    return TempoJson.JSON.createObjectNode().put("seq", requestLog.lastSeq());
  }

  @DELETE
  @Path("requests")
  public void clearRequests() {
    requestLog.clear();
  }

  @GET
  @Path("counters")
  public Map<String, Long> counters() {
    return requestLog.counters();
  }

  @GET
  @Path("sites/{site}/webhook-deliveries")
  public List<WebhookDispatcher.Delivery> deliveries(@PathParam("site") String site) {
    return webhooks.deliveries(site);
  }

  @GET
  @Path("sites/{site}/users/{accountId}")
  public SimUser user(@PathParam("site") String site, @PathParam("accountId") String accountId) {
    SimUser u = registry.require(site).directory().user(accountId);
    if (u == null) {
      throw ApiError.notFound("no user " + accountId);
    }
    return u;
  }

  private static String required(JsonNode body, String field) {
    if (body == null || !body.hasNonNull(field)) {
      throw ApiError.badRequest(field + " is required");
    }
    return body.get(field).asText();
  }

  /** Accepts {@code {"k": "v"}} or {@code [{"key": "k", "value": "v"}]}. */
  private static Map<String, String> attributes(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(a -> out.put(a.get("key").asText(), a.path("value").asText()));
    } else {
      node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }
}
