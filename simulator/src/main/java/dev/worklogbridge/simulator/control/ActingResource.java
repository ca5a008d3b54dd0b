package dev.worklogbridge.simulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.simulator.gateway.Calls;
import dev.worklogbridge.simulator.gateway.SiteRegistry;
import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.SimIssue;
import dev.worklogbridge.simulator.model.SimSite;
import dev.worklogbridge.simulator.model.SimWorklog;
import dev.worklogbridge.simulator.model.WorklogInput;
import dev.worklogbridge.simulator.tempo.TempoJson;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * People acting on a site, as a test or the demo needs them to: log, edit and delete work in Tempo,
 * with the webhooks firing as for any change. Not part of any real API.
 */
@Path("/_sim")
@Produces(MediaType.APPLICATION_JSON)
public class ActingResource {

  @Inject SiteRegistry registry;
  @Inject Calls calls;

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
