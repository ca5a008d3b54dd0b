package dev.worklogbridge.simulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.simulator.gateway.Calls;
import dev.worklogbridge.simulator.gateway.RequestLog;
import dev.worklogbridge.simulator.gateway.SiteRegistry;
import dev.worklogbridge.simulator.jira.JiraJson;
import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.SimSite;
import dev.worklogbridge.simulator.model.SimUser;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The simulator's control API for tests and the demo: reset and seed, look at a site, read the
 * request log and the webhook deliveries. People acting ({@link ActingResource}) and the conditions
 * a test sets ({@link ConditionsResource}) are beside it. Not part of any real API; never
 * authenticated.
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
}
