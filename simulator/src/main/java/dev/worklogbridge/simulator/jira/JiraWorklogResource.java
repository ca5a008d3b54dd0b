package dev.worklogbridge.simulator.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.simulator.gateway.Calls;
import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.JiraWorklog;
import dev.worklogbridge.simulator.model.SimIssue;
import dev.worklogbridge.simulator.model.SimSite;
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
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;

/**
 * Jira Cloud REST v3: an issue's worklogs (list, add, read, update, delete) and their properties,
 * moving the issue's remaining estimate as {@code adjustEstimate} says ({@link JiraEstimate}).
 */
@Path("/jira/{site}/rest/api/3/issue/{idOrKey}/worklog")
@Produces(MediaType.APPLICATION_JSON)
public class JiraWorklogResource {

  @Inject Calls calls;

  @GET
  public JsonNode worklogs(
      @PathParam("idOrKey") String idOrKey,
      @QueryParam("startAt") Integer startAt,
      @QueryParam("maxResults") Integer maxResults,
      @QueryParam("expand") String expand) {
    SimIssue issue = JiraLookups.requireIssue(calls.site(), idOrKey);
    int start = startAt == null ? 0 : startAt;
    int max = maxResults == null ? 5000 : Math.min(5000, maxResults);
    List<JiraWorklog> all =
        calls.site().jira().worklogs(w -> w.issueId == issue.id).stream()
            .sorted(Comparator.comparingLong(w -> w.id))
            .toList();
    ObjectNode n = JiraJson.JSON.createObjectNode();
    n.put("startAt", start);
    n.put("maxResults", max);
    n.put("total", all.size());
    ArrayNode worklogs = n.putArray("worklogs");
    all.stream()
        .skip(start)
        .limit(max)
        .forEach(
            w -> worklogs.add(JiraJson.worklog(calls.context(), calls.site(), w, props(expand))));
    return n;
  }

  /**
   * Adds a worklog owned by the caller. {@code properties} in the body are stored with it
   * atomically; {@code adjustEstimate} (auto, leave, new with {@code newEstimate}, manual with
   * {@code reduceBy}) moves the issue's remaining estimate as Jira does.
   */
  @POST
  public Response addWorklog(
      @PathParam("idOrKey") String idOrKey,
      @QueryParam("adjustEstimate") String adjustEstimate,
      @QueryParam("newEstimate") String newEstimate,
      @QueryParam("reduceBy") String reduceBy,
      @QueryParam("expand") String expand,
      JsonNode body) {
    SimIssue issue = JiraLookups.requireIssue(calls.site(), idOrKey);
    JiraEstimate estimate = JiraEstimate.of(adjustEstimate, newEstimate, reduceBy);
    JiraWorklog w = calls.site().jira().add(issue.id, calls.jiraAccount());
    try {
      JiraWorklogBody.apply(w, body, true);
    } catch (ApiError e) {
      calls.site().jira().delete(w.id);
      throw e;
    }
    synchronized (calls.site().jira()) {
      estimate.apply(issue, w.timeSpentSeconds, 0);
    }
    calls.site().jira().changed("worklog_created", w);
    return Response.status(201)
        .entity(JiraJson.worklog(calls.context(), calls.site(), w, props(expand)))
        .build();
  }

  @GET
  @Path("{id}")
  public JsonNode worklog(
      @PathParam("idOrKey") String idOrKey,
      @PathParam("id") long id,
      @QueryParam("expand") String expand) {
    return JiraJson.worklog(
        calls.context(),
        calls.site(),
        JiraLookups.requireWorklog(calls.site(), idOrKey, id),
        props(expand));
  }

  @PUT
  @Path("{id}")
  public JsonNode updateWorklog(
      @PathParam("idOrKey") String idOrKey,
      @PathParam("id") long id,
      @QueryParam("adjustEstimate") String adjustEstimate,
      @QueryParam("newEstimate") String newEstimate,
      @QueryParam("expand") String expand,
      JsonNode body) {
    if ("manual".equals(adjustEstimate)) {
      throw ApiError.badRequest("adjustEstimate manual is not allowed when updating a worklog");
    }
    JiraEstimate estimate = JiraEstimate.of(adjustEstimate, newEstimate, null);
    JiraWorklog w = JiraLookups.requireWorklog(calls.site(), idOrKey, id);
    synchronized (calls.site().jira()) {
      long before = w.timeSpentSeconds;
      JiraWorklogBody.apply(w, body, false);
      estimate.apply(JiraLookups.requireIssue(calls.site(), idOrKey), w.timeSpentSeconds, before);
      w.updateAuthorAccountId = calls.jiraAccount();
      w.updated = SimSite.now();
      calls.site().jira().changed("worklog_updated", w);
    }
    return JiraJson.worklog(calls.context(), calls.site(), w, props(expand));
  }

  private static boolean props(String expand) {
    return expand != null && List.of(expand.split(",")).contains("properties");
  }

  @DELETE
  @Path("{id}")
  public Response deleteWorklog(@PathParam("idOrKey") String idOrKey, @PathParam("id") long id) {
    JiraWorklog w = JiraLookups.requireWorklog(calls.site(), idOrKey, id);
    calls.site().jira().delete(id);
    calls.site().jira().changed("worklog_deleted", w);
    return Response.noContent().build();
  }

  @PUT
  @Path("{id}/properties/{key}")
  public Response putProperty(
      @PathParam("idOrKey") String idOrKey,
      @PathParam("id") long id,
      @PathParam("key") String key,
      JsonNode value) {
    JiraWorklog w = JiraLookups.requireWorklog(calls.site(), idOrKey, id);
    synchronized (calls.site().jira()) {
      boolean created = !w.properties.containsKey(key);
      w.properties.put(key, value);
      return Response.status(created ? 201 : 200).build();
    }
  }

  @GET
  @Path("{id}/properties/{key}")
  public JsonNode getProperty(
      @PathParam("idOrKey") String idOrKey,
      @PathParam("id") long id,
      @PathParam("key") String key) {
    JiraWorklog w = JiraLookups.requireWorklog(calls.site(), idOrKey, id);
    JsonNode value = w.properties.get(key);
    if (value == null) {
      throw ApiError.notFound("The property with key '" + key + "' does not exist.");
    }
    ObjectNode n = JiraJson.JSON.createObjectNode();
    n.put("key", key);
    n.set("value", value);
    return n;
  }
}
