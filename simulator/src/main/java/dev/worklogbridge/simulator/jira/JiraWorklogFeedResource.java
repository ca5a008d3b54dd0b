package dev.worklogbridge.simulator.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.simulator.gateway.Calls;
import dev.worklogbridge.simulator.gateway.SiteRegistry;
import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.JiraWorklog;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Jira Cloud REST v3: the site's worklog change feeds (updated, deleted) and worklogs by id. */
@Path("/jira/{site}/rest/api/3/worklog")
@Produces(MediaType.APPLICATION_JSON)
public class JiraWorklogFeedResource {

  @Inject Calls calls;
  @Inject SiteRegistry registry;

  @GET
  @Path("updated")
  public JsonNode updatedFeed(@QueryParam("since") Long since) {
    long cutoff = System.currentTimeMillis() - registry.settings().jiraFeedDelayMs;
    long from = since == null ? 0 : since;
    List<long[]> rows = new ArrayList<>();
    for (JiraWorklog w : calls.site().jira().worklogs(w -> true)) {
      long t = w.updated.toEpochMilli();
      if (t >= from && t <= cutoff) {
        rows.add(new long[] {w.id, t});
      }
    }
    return feed(rows, from, cutoff, "updated");
  }

  @GET
  @Path("deleted")
  public JsonNode deletedFeed(@QueryParam("since") Long since) {
    long cutoff = System.currentTimeMillis() - registry.settings().jiraFeedDelayMs;
    long from = since == null ? 0 : since;
    List<long[]> rows =
        calls.site().jira().deletions().stream()
            .filter(d -> d[1] >= from && d[1] <= cutoff)
            .toList();
    return feed(new ArrayList<>(rows), from, cutoff, "deleted");
  }

  /** Body {@code {"ids": [...]}}, at most 1000. */
  @POST
  @Path("list")
  public JsonNode list(JsonNode body) {
    JsonNode ids = body == null ? null : body.get("ids");
    if (ids == null || !ids.isArray() || ids.size() > 1000) {
      throw ApiError.badRequest("ids must be an array of at most 1000 worklog ids");
    }
    ArrayNode out = JiraJson.JSON.createArrayNode();
    for (JsonNode id : ids) {
      JiraWorklog w = calls.site().jira().worklog(id.asLong());
      if (w != null) {
        out.add(JiraJson.worklog(calls.context(), calls.site(), w));
      }
    }
    return out;
  }

  private JsonNode feed(List<long[]> rows, long since, long cutoff, String kind) {
    rows.sort(Comparator.comparingLong(r -> r[1]));
    List<long[]> page = rows.subList(0, Math.min(1000, rows.size()));
    ObjectNode n = JiraJson.JSON.createObjectNode();
    ArrayNode values = n.putArray("values");
    page.forEach(
        r ->
            values
                .addObject()
                .put("worklogId", r[0])
                .put("updatedTime", r[1])
                .putArray("properties"));
    long until = page.isEmpty() ? Math.max(since, cutoff) : page.get(page.size() - 1)[1];
    n.put("since", since);
    n.put("until", until);
    n.put(
        "self",
        JiraJson.base(calls.context(), calls.site()) + "/worklog/" + kind + "?since=" + since);
    boolean last = rows.size() <= 1000;
    if (!last) {
      n.put(
          "nextPage",
          JiraJson.base(calls.context(), calls.site()) + "/worklog/" + kind + "?since=" + until);
    }
    n.put("lastPage", last);
    return n;
  }
}
