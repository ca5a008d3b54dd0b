package dev.worklogbridge.simulator.tempo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.simulator.gateway.Calls;
import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.DeletedWorklog;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/**
 * The papertrail feed of deleted worklogs: {@code updatedFrom} (ISO date-time) is required, limit
 * 50 to 1000, cursor paging with {@code lastEvaluatedKey}. The item shape beyond {@code
 * tempoWorklogId} and {@code deletedAt} is uncertain in the real API; this is the reading we chose.
 */
@Path("/tempo/{site}/papertrail/1/events/deleted/types/worklog")
@Produces(MediaType.APPLICATION_JSON)
public class PapertrailResource {

  @Inject Calls calls;
  @Inject dev.worklogbridge.simulator.gateway.SiteRegistry registry;

  @GET
  public JsonNode deleted(
      @QueryParam("updatedFrom") String updatedFrom,
      @QueryParam("limit") String limitText,
      @QueryParam("lastEvaluatedKey") String lastEvaluatedKey) {
    if (updatedFrom == null) {
      throw ApiError.badRequest("updatedFrom is required");
    }
    Instant from;
    try {
      from = Instant.parse(updatedFrom);
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiError.badRequest("updatedFrom must be an ISO date-time, e.g. 2026-01-01T00:00:00Z");
    }
    int limit = TempoRequests.integer(limitText, "limit", 50);
    if (limit < 50 || limit > 1000) {
      throw ApiError.badRequest("limit must be between 50 and 1000");
    }
    long after = 0;
    if (lastEvaluatedKey != null) {
      try {
        after = Long.parseLong(lastEvaluatedKey);
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("lastEvaluatedKey is not valid");
      }
    }
    List<DeletedWorklog> all = calls.site().tempo().deletionsSince(from, after);
    List<DeletedWorklog> page = all.subList(0, Math.min(limit, all.size()));
    ObjectNode n = TempoJson.JSON.createObjectNode();
    n.put("self", calls.context().request().absoluteURI());
    ObjectNode metadata = n.putObject("metadata");
    metadata.put("count", page.size());
    if (all.size() > page.size()) {
      metadata.put("lastEvaluatedKey", Long.toString(page.get(page.size() - 1).sequence()));
    }
    ArrayNode results = n.putArray("results");
    for (DeletedWorklog d : page) {
      ObjectNode item = results.addObject();
      item.put("tempoWorklogId", d.tempoWorklogId());
      item.put("jiraWorklogId", d.jiraWorklogId());
      item.put("issueId", d.issueId());
      if (!registry.settings().papertrailWithoutTime) {
        item.put("deletedAt", d.deletedAt().toString());
      }
    }
    return n;
  }
}
