package dev.worklogbridge.simulator.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.simulator.gateway.Calls;
import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.JiraWebhook;
import dev.worklogbridge.simulator.model.SimSite;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Jira's dynamic webhooks ({@code /rest/api/3/webhook}): register with a URL and, per webhook, the
 * events and a JQL filter (required); list; delete by ids. Only worklog events are delivered here.
 */
@Path("/jira/{site}/rest/api/3/webhook")
@Produces(MediaType.APPLICATION_JSON)
public class JiraWebhookResource {

  static final Set<String> EVENTS = Set.of("worklog_created", "worklog_updated", "worklog_deleted");

  @Inject Calls calls;

  /** Body {@code {url, webhooks: [{events: [...], jqlFilter}]}}. */
  @POST
  public JsonNode register(JsonNode body) {
    if (body == null || !body.path("url").isTextual() || body.path("url").asText().isBlank()) {
      throw ApiError.badRequest("url is required");
    }
    if (!body.path("webhooks").isArray() || body.path("webhooks").isEmpty()) {
      throw ApiError.badRequest("webhooks must list at least one webhook");
    }
    List<List<String>> events = new ArrayList<>();
    List<String> filters = new ArrayList<>();
    SimSite site = calls.site();
    for (JsonNode h : body.get("webhooks")) {
      List<String> e = new ArrayList<>();
      h.path("events").forEach(x -> e.add(x.asText()));
      if (e.isEmpty()) {
        throw ApiError.badRequest("each webhook needs events");
      }
      for (String name : e) {
        if (!EVENTS.contains(name)) {
          throw ApiError.badRequest("Event '" + name + "' is not supported by the simulator");
        }
      }
      String jql = h.path("jqlFilter").asText("");
      if (jql.isBlank()) {
        throw ApiError.badRequest("jqlFilter is required");
      }
      Jql.parse(site, jql);
      events.add(e);
      filters.add(jql);
    }
    ObjectNode n = JiraJson.JSON.createObjectNode();
    ArrayNode results = n.putArray("webhookRegistrationResult");
    for (JiraWebhook h :
        site.webhooks().registerJiraWebhooks(body.get("url").asText(), events, filters)) {
      results.addObject().put("createdWebhookId", h.id());
    }
    return n;
  }

  @GET
  public JsonNode list() {
    ObjectNode n = JiraJson.JSON.createObjectNode();
    ArrayNode values = n.putArray("values");
    for (JiraWebhook h : calls.site().webhooks().jiraWebhooks()) {
      ObjectNode v = values.addObject();
      v.put("id", h.id());
      v.put("jqlFilter", h.jqlFilter());
      h.events().forEach(v.putArray("events")::add);
      v.put("expirationDate", h.expires().toEpochMilli());
    }
    n.put("startAt", 0);
    n.put("maxResults", 100);
    n.put("total", values.size());
    n.put("isLast", true);
    return n;
  }

  /** Body {@code {webhookIds: [...]}}. */
  @DELETE
  public Response delete(JsonNode body) {
    if (body == null || !body.path("webhookIds").isArray()) {
      throw ApiError.badRequest("webhookIds is required");
    }
    List<Long> ids = new ArrayList<>();
    body.get("webhookIds").forEach(x -> ids.add(x.asLong()));
    calls.site().webhooks().deleteJiraWebhooks(ids);
    return Response.accepted().build();
  }
}
