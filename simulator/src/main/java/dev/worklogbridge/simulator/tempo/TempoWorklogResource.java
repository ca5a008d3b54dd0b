package dev.worklogbridge.simulator.tempo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.simulator.gateway.Calls;
import dev.worklogbridge.simulator.gateway.SiteRegistry;
import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.SimSite;
import dev.worklogbridge.simulator.model.SimWorklog;
import dev.worklogbridge.simulator.model.TempoToken;
import dev.worklogbridge.simulator.model.WorklogInput;
import io.vertx.core.MultiMap;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Tempo v4 worklogs: create (200, not 201), get, full-replacement update, delete (204), bulk, the
 * paged lists and search, and the Jira/Tempo id maps. One class, so that JAX-RS path matching never
 * has two candidates.
 */
@Path("/tempo/{site}/4/worklogs")
@Produces(MediaType.APPLICATION_JSON)
public class TempoWorklogResource {

  @Inject Calls calls;
  @Inject SiteRegistry registry;

  @POST
  public JsonNode create(JsonNode body) {
    WorklogInput in = TempoRequests.worklog(body, TempoRequests.Kind.CREATE, null);
    TempoToken token = calls.tempoToken();
    SimSite site = calls.site();
    SimWorklog created = site.tempo().create(in, token.accountId(), token.canBypassPeriods());
    return TempoJson.worklog(calls.context(), site, created);
  }

  @GET
  @Path("{id:\\d+}")
  public JsonNode get(@PathParam("id") long id) {
    SimWorklog w = calls.site().tempo().worklog(id);
    if (w == null) {
      throw ApiError.notFound("Worklog " + id + " not found");
    }
    return TempoJson.worklog(calls.context(), calls.site(), w);
  }

  @PUT
  @Path("{id:\\d+}")
  public JsonNode update(@PathParam("id") long id, JsonNode body) {
    WorklogInput in = TempoRequests.worklog(body, TempoRequests.Kind.UPDATE, null);
    TempoToken token = calls.tempoToken();
    SimWorklog updated =
        calls.site().tempo().update(id, in, token.accountId(), token.canBypassPeriods());
    return TempoJson.worklog(calls.context(), calls.site(), updated);
  }

  @DELETE
  @Path("{id:\\d+}")
  public Response delete(
      @PathParam("id") long id, @QueryParam("bypassPeriodClosuresAndApprovals") boolean bypass) {
    TempoToken token = calls.tempoToken();
    calls.site().tempo().delete(id, bypass, token.accountId(), token.canBypassPeriods());
    return Response.noContent().build();
  }

  /** 1 to 50 worklogs on one issue; 409 while another bulk runs on that issue. */
  @POST
  @Path("issue/{issueId}/bulk")
  public JsonNode bulk(@PathParam("issueId") String issueIdText, JsonNode body) {
    long issueId = TempoRequests.ids(List.of(issueIdText), "issueId").get(0);
    if (body == null || !body.isArray() || body.isEmpty() || body.size() > 50) {
      throw ApiError.badRequest("The body must be an array of 1 to 50 worklogs");
    }
    List<WorklogInput> inputs = new ArrayList<>();
    for (JsonNode item : body) {
      inputs.add(TempoRequests.worklog(item, TempoRequests.Kind.BULK_ITEM, issueId));
    }
    SimSite site = calls.site();
    if (site.directory().issue(issueId) == null) {
      throw ApiError.notFound("Issue with id " + issueId + " does not exist");
    }
    if (!site.tempo().tryStartBulk(issueId)) {
      throw new ApiError(409, "Another bulk operation is in progress for issue " + issueId);
    }
    try {
      long delay = registry.settings().bulkItemDelayMs * inputs.size();
      if (delay > 0) {
        Thread.sleep(delay);
      }
      TempoToken token = calls.tempoToken();
      List<SimWorklog> created =
          site.tempo().createAll(inputs, token.accountId(), token.canBypassPeriods());
      ArrayNode out = TempoJson.JSON.createArrayNode();
      created.forEach(w -> out.add(TempoJson.worklog(calls.context(), site, w)));
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "interrupted");
    } finally {
      site.tempo().endBulk(issueId);
    }
  }

  // ---- reads ----

  @GET
  public JsonNode list() {
    return listed(List.of(), List.of());
  }

  @GET
  @Path("issue/{issueId}")
  public JsonNode byIssue(@PathParam("issueId") String issueId) {
    return listed(List.of(), TempoRequests.ids(List.of(issueId), "issueId"));
  }

  @GET
  @Path("project/{projectId}")
  public JsonNode byProject(@PathParam("projectId") String projectId) {
    return listed(TempoRequests.ids(List.of(projectId), "projectId"), List.of());
  }

  @GET
  @Path("user/{accountId}")
  public JsonNode byUser(@PathParam("accountId") String accountId) {
    TempoRequests.ListQuery q = TempoRequests.listQuery(calls.context().queryParams());
    return render(
        WorklogQueries.order(q.orderBy(), false),
        q,
        WorklogQueries.filter(
            calls.site(),
            q.projectIds(),
            q.issueIds(),
            List.of(accountId),
            q.from(),
            q.to(),
            q.updatedFrom()));
  }

  /**
   * Body {@code {authorIds[], issueIds[], projectIds[], from, to, updatedFrom}}; paged by query.
   */
  @POST
  @Path("search")
  public JsonNode search(JsonNode body) {
    MultiMap params = calls.context().queryParams();
    TempoRequests.ListQuery q = TempoRequests.listQuery(params);
    JsonNode b = body == null ? TempoJson.JSON.createObjectNode() : body;
    List<Long> issueIds = numbers(b.path("issueIds"), "issueIds");
    List<Long> projectIds = numbers(b.path("projectIds"), "projectIds");
    List<String> authors = new ArrayList<>();
    b.path("authorIds").forEach(a -> authors.add(a.asText()));
    java.time.LocalDate from =
        b.hasNonNull("from") ? TempoRequests.date(b.get("from").asText(), "from") : null;
    java.time.LocalDate to =
        b.hasNonNull("to") ? TempoRequests.date(b.get("to").asText(), "to") : null;
    java.time.Instant updatedFrom =
        b.hasNonNull("updatedFrom")
            ? TempoRequests.updatedFrom(b.get("updatedFrom").asText())
            : null;
    JsonNode order = b.path("orderBy").path(0);
    Comparator<SimWorklog> sorted =
        order.isMissingNode()
            ? WorklogQueries.order(q.orderBy(), false)
            : WorklogQueries.order(
                order.path("field").asText("ID"),
                !"DESC".equalsIgnoreCase(order.path("order").asText("ASC")));
    return render(
        sorted,
        q,
        WorklogQueries.filter(calls.site(), projectIds, issueIds, authors, from, to, updatedFrom));
  }

  @POST
  @Path("jira-to-tempo")
  public JsonNode jiraToTempo(JsonNode body) {
    List<Long> ids = numbers(body == null ? null : body.path("jiraWorklogIds"), "jiraWorklogIds");
    return idMap(ids, true);
  }

  @POST
  @Path("tempo-to-jira")
  public JsonNode tempoToJira(JsonNode body) {
    List<Long> ids = numbers(body == null ? null : body.path("tempoWorklogIds"), "tempoWorklogIds");
    return idMap(ids, false);
  }

  private JsonNode idMap(List<Long> ids, boolean fromJira) {
    TempoRequests.ListQuery q = TempoRequests.listQuery(calls.context().queryParams());
    List<ObjectNode> rows = new ArrayList<>();
    for (SimWorklog w :
        calls
            .site()
            .tempo()
            .worklogs(w -> ids.contains(fromJira ? w.jiraWorklogId : w.tempoWorklogId))) {
      ObjectNode row = TempoJson.JSON.createObjectNode();
      row.put("jiraWorklogId", w.jiraWorklogId);
      row.put("tempoWorklogId", w.tempoWorklogId);
      rows.add(row);
    }
    return TempoJson.page(calls.context(), rows, q.offset(), q.limit());
  }

  private JsonNode listed(List<Long> projectIds, List<Long> issueIds) {
    TempoRequests.ListQuery q = TempoRequests.listQuery(calls.context().queryParams());
    List<Long> projects = new ArrayList<>(q.projectIds());
    projects.addAll(projectIds);
    List<Long> issues = new ArrayList<>(q.issueIds());
    issues.addAll(issueIds);
    return render(
        WorklogQueries.order(q.orderBy(), false),
        q,
        WorklogQueries.filter(
            calls.site(), projects, issues, List.of(), q.from(), q.to(), q.updatedFrom()));
  }

  private JsonNode render(
      Comparator<SimWorklog> order, TempoRequests.ListQuery q, Predicate<SimWorklog> filter) {
    SimSite site = calls.site();
    List<SimWorklog> rows = site.tempo().worklogs(filter).stream().sorted(order).toList();
    return TempoJson.page(
        calls.context(),
        rows,
        q.offset(),
        q.limit(),
        w -> TempoJson.worklog(calls.context(), site, w));
  }

  private static List<Long> numbers(JsonNode array, String field) {
    List<Long> out = new ArrayList<>();
    if (array == null || array.isMissingNode() || array.isNull()) {
      return out;
    }
    if (!array.isArray()) {
      throw ApiError.badRequest(field + " must be an array");
    }
    for (JsonNode n : array) {
      if (!n.isIntegralNumber()) {
        throw ApiError.badRequest(field + " must contain numbers");
      }
      out.add(n.asLong());
    }
    return out;
  }
}
