package dev.worklogbridge.simulator.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.simulator.gateway.Calls;
import dev.worklogbridge.simulator.gateway.SiteRegistry;
import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.JiraWorklog;
import dev.worklogbridge.simulator.model.SimFields;
import dev.worklogbridge.simulator.model.SimIssue;
import dev.worklogbridge.simulator.model.SimSite;
import dev.worklogbridge.simulator.model.SimUser;
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
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Jira Cloud REST v3: issues, JQL search, users, worklogs and their change feeds. */
@Path("/jira/{site}/rest/api/3")
@Produces(MediaType.APPLICATION_JSON)
public class JiraResource {

  @Inject Calls calls;
  @Inject SiteRegistry registry;

  @GET
  @Path("issue/{idOrKey}")
  public JsonNode issue(@PathParam("idOrKey") String idOrKey) {
    return JiraJson.issue(calls.context(), calls.site(), requireIssue(idOrKey));
  }

  /** Body {@code {jql, fields?, maxResults?, nextPageToken?}}. */
  @POST
  @Path("search/jql")
  public JsonNode search(JsonNode body) {
    if (body == null || !body.hasNonNull("jql")) {
      throw ApiError.badRequest("jql is required");
    }
    SimSite site = calls.site();
    List<SimIssue> matches = site.issues(Jql.parse(site, body.get("jql").asText()));
    int max = Math.min(5000, body.path("maxResults").asInt(50));
    int start =
        body.hasNonNull("nextPageToken") ? Integer.parseInt(body.get("nextPageToken").asText()) : 0;
    ObjectNode n = JiraJson.JSON.createObjectNode();
    ArrayNode issues = n.putArray("issues");
    matches.stream()
        .skip(start)
        .limit(max)
        .forEach(i -> issues.add(JiraJson.issue(calls.context(), site, i)));
    boolean last = start + max >= matches.size();
    if (!last) {
      n.put("nextPageToken", Integer.toString(start + max));
    }
    n.put("isLast", last);
    return n;
  }

  /** Every field: the system ones the bridge reads and the site's custom fields. */
  @GET
  @Path("field")
  public JsonNode fields() {
    SimSite site = calls.site();
    ArrayNode out = JiraJson.JSON.createArrayNode();
    out.addObject()
        .put("id", "summary")
        .put("key", "summary")
        .put("name", "Summary")
        .put("custom", false)
        .putObject("schema")
        .put("type", "string")
        .put("system", "summary");
    for (SimFields.Field f : site.customFields.all(site.issues(i -> true))) {
      ObjectNode n =
          out.addObject()
              .put("id", f.id())
              .put("key", f.id())
              .put("name", f.name())
              .put("custom", true);
      ObjectNode schema = n.putObject("schema").put("type", f.type().schemaType);
      if (f.type() == SimFields.Type.LABELS) {
        schema.put("items", "string");
      }
      schema
          .put("custom", f.type().custom)
          .put("customId", Long.parseLong(f.id().substring("customfield_".length())));
    }
    return out;
  }

  @GET
  @Path("myself")
  public JsonNode myself() {
    return user(calls.jiraAccount());
  }

  @GET
  @Path("user")
  public JsonNode user(@QueryParam("accountId") String accountId) {
    if (accountId == null) {
      throw ApiError.badRequest("accountId is required");
    }
    SimUser u = calls.site().user(accountId);
    if (u == null) {
      throw ApiError.notFound(
          "Specified user does not exist or you do not have required permissions");
    }
    return JiraJson.user(calls.context(), calls.site(), u);
  }

  /** Prefix match on display-name words and visible emails; active users only. */
  @GET
  @Path("user/search")
  public JsonNode userSearch(@QueryParam("query") String query) {
    if (query == null || query.isBlank()) {
      throw ApiError.badRequest("query is required");
    }
    String q = query.toLowerCase(Locale.ROOT);
    ArrayNode out = JiraJson.JSON.createArrayNode();
    for (SimUser u : calls.site().users()) {
      boolean nameMatch =
          List.of(u.displayName().toLowerCase(Locale.ROOT).split("\\s+")).stream()
                  .anyMatch(w -> w.startsWith(q))
              || u.displayName().toLowerCase(Locale.ROOT).startsWith(q);
      boolean emailMatch =
          u.emailVisible() && u.email() != null && u.email().toLowerCase(Locale.ROOT).startsWith(q);
      if (u.active() && (nameMatch || emailMatch)) {
        out.add(JiraJson.user(calls.context(), calls.site(), u));
      }
    }
    return out;
  }

  // ---- worklogs ----

  @GET
  @Path("issue/{idOrKey}/worklog")
  public JsonNode worklogs(
      @PathParam("idOrKey") String idOrKey,
      @QueryParam("startAt") Integer startAt,
      @QueryParam("maxResults") Integer maxResults,
      @QueryParam("expand") String expand) {
    SimIssue issue = requireIssue(idOrKey);
    int start = startAt == null ? 0 : startAt;
    int max = maxResults == null ? 5000 : Math.min(5000, maxResults);
    List<JiraWorklog> all =
        calls.site().jiraWorklogs(w -> w.issueId == issue.id).stream()
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
  @Path("issue/{idOrKey}/worklog")
  public Response addWorklog(
      @PathParam("idOrKey") String idOrKey,
      @QueryParam("adjustEstimate") String adjustEstimate,
      @QueryParam("newEstimate") String newEstimate,
      @QueryParam("reduceBy") String reduceBy,
      @QueryParam("expand") String expand,
      JsonNode body) {
    SimIssue issue = requireIssue(idOrKey);
    Estimate estimate = Estimate.of(adjustEstimate, newEstimate, reduceBy);
    JiraWorklog w = calls.site().addJiraWorklog(issue.id, calls.jiraAccount());
    try {
      applyBody(w, body, true);
    } catch (ApiError e) {
      calls.site().deleteJiraWorklog(w.id);
      throw e;
    }
    synchronized (calls.site()) {
      estimate.apply(issue, w.timeSpentSeconds, 0);
    }
    calls.site().jiraWorklogChanged("worklog_created", w);
    return Response.status(201)
        .entity(JiraJson.worklog(calls.context(), calls.site(), w, props(expand)))
        .build();
  }

  @GET
  @Path("issue/{idOrKey}/worklog/{id}")
  public JsonNode worklog(
      @PathParam("idOrKey") String idOrKey,
      @PathParam("id") long id,
      @QueryParam("expand") String expand) {
    return JiraJson.worklog(
        calls.context(), calls.site(), requireWorklog(idOrKey, id), props(expand));
  }

  @PUT
  @Path("issue/{idOrKey}/worklog/{id}")
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
    Estimate estimate = Estimate.of(adjustEstimate, newEstimate, null);
    JiraWorklog w = requireWorklog(idOrKey, id);
    synchronized (calls.site()) {
      long before = w.timeSpentSeconds;
      applyBody(w, body, false);
      estimate.apply(requireIssue(idOrKey), w.timeSpentSeconds, before);
      w.updateAuthorAccountId = calls.jiraAccount();
      w.updated = SimSite.now();
      calls.site().jiraWorklogChanged("worklog_updated", w);
    }
    return JiraJson.worklog(calls.context(), calls.site(), w, props(expand));
  }

  private static boolean props(String expand) {
    return expand != null && List.of(expand.split(",")).contains("properties");
  }

  /** Jira's {@code adjustEstimate} choice for a worklog write. */
  private record Estimate(String mode, Long seconds) {
    static Estimate of(String mode, String newEstimate, String reduceBy) {
      String m = mode == null ? "auto" : mode;
      return switch (m) {
        case "auto", "leave" -> new Estimate(m, null);
        case "new" -> {
          if (newEstimate == null || newEstimate.isBlank()) {
            throw ApiError.badRequest("newEstimate is required when adjustEstimate is new");
          }
          yield new Estimate(
              m, newEstimate.trim().matches("0+\\s*[wdhm]?") ? 0L : parseDuration(newEstimate));
        }
        case "manual" -> {
          if (reduceBy == null || reduceBy.isBlank()) {
            throw ApiError.badRequest("reduceBy is required when adjustEstimate is manual");
          }
          yield new Estimate(m, parseDuration(reduceBy));
        }
        default ->
            throw ApiError.badRequest(
                "adjustEstimate must be one of auto, leave, new, manual; was '" + m + "'");
      };
    }

    void apply(SimIssue issue, long spentNow, long spentBefore) {
      switch (mode) {
        case "new" -> issue.remainingEstimateSeconds = seconds;
        case "manual" ->
            issue.remainingEstimateSeconds =
                Math.max(
                    0,
                    (issue.remainingEstimateSeconds == null ? 0 : issue.remainingEstimateSeconds)
                        - seconds);
        case "auto" -> {
          if (issue.remainingEstimateSeconds != null) {
            issue.remainingEstimateSeconds =
                Math.max(0, issue.remainingEstimateSeconds - (spentNow - spentBefore));
          }
        }
        default -> {}
      }
    }
  }

  @DELETE
  @Path("issue/{idOrKey}/worklog/{id}")
  public Response deleteWorklog(@PathParam("idOrKey") String idOrKey, @PathParam("id") long id) {
    JiraWorklog w = requireWorklog(idOrKey, id);
    calls.site().deleteJiraWorklog(id);
    calls.site().jiraWorklogChanged("worklog_deleted", w);
    return Response.noContent().build();
  }

  @PUT
  @Path("issue/{idOrKey}/worklog/{id}/properties/{key}")
  public Response putProperty(
      @PathParam("idOrKey") String idOrKey,
      @PathParam("id") long id,
      @PathParam("key") String key,
      JsonNode value) {
    JiraWorklog w = requireWorklog(idOrKey, id);
    synchronized (calls.site()) {
      boolean created = !w.properties.containsKey(key);
      w.properties.put(key, value);
      return Response.status(created ? 201 : 200).build();
    }
  }

  @GET
  @Path("issue/{idOrKey}/worklog/{id}/properties/{key}")
  public JsonNode getProperty(
      @PathParam("idOrKey") String idOrKey,
      @PathParam("id") long id,
      @PathParam("key") String key) {
    JiraWorklog w = requireWorklog(idOrKey, id);
    JsonNode value = w.properties.get(key);
    if (value == null) {
      throw ApiError.notFound("The property with key '" + key + "' does not exist.");
    }
    ObjectNode n = JiraJson.JSON.createObjectNode();
    n.put("key", key);
    n.set("value", value);
    return n;
  }

  @GET
  @Path("worklog/updated")
  public JsonNode updatedFeed(@QueryParam("since") Long since) {
    long cutoff = System.currentTimeMillis() - registry.settings().jiraFeedDelayMs;
    long from = since == null ? 0 : since;
    List<long[]> rows = new ArrayList<>();
    for (JiraWorklog w : calls.site().jiraWorklogs(w -> true)) {
      long t = w.updated.toEpochMilli();
      if (t >= from && t <= cutoff) {
        rows.add(new long[] {w.id, t});
      }
    }
    return feed(rows, from, cutoff, "updated");
  }

  @GET
  @Path("worklog/deleted")
  public JsonNode deletedFeed(@QueryParam("since") Long since) {
    long cutoff = System.currentTimeMillis() - registry.settings().jiraFeedDelayMs;
    long from = since == null ? 0 : since;
    List<long[]> rows =
        calls.site().jiraDeletions().stream().filter(d -> d[1] >= from && d[1] <= cutoff).toList();
    return feed(new ArrayList<>(rows), from, cutoff, "deleted");
  }

  /** Body {@code {"ids": [...]}}, at most 1000. */
  @POST
  @Path("worklog/list")
  public JsonNode list(JsonNode body) {
    JsonNode ids = body == null ? null : body.get("ids");
    if (ids == null || !ids.isArray() || ids.size() > 1000) {
      throw ApiError.badRequest("ids must be an array of at most 1000 worklog ids");
    }
    ArrayNode out = JiraJson.JSON.createArrayNode();
    for (JsonNode id : ids) {
      JiraWorklog w = calls.site().jiraWorklog(id.asLong());
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

  private void applyBody(JiraWorklog w, JsonNode body, boolean create) {
    if (body == null || !body.isObject()) {
      throw ApiError.badRequest("Request body must be a JSON object");
    }
    boolean seconds = body.hasNonNull("timeSpentSeconds");
    boolean text = body.hasNonNull("timeSpent");
    if (seconds && text) {
      throw ApiError.badRequest("Provide timeSpent or timeSpentSeconds, not both");
    }
    if (create && !seconds && !text) {
      throw ApiError.badRequest("timeSpent or timeSpentSeconds is required");
    }
    if (seconds) {
      if (!body.get("timeSpentSeconds").isIntegralNumber()
          || body.get("timeSpentSeconds").asLong() < 1) {
        throw ApiError.badRequest("timeSpentSeconds must be a positive number");
      }
      w.timeSpentSeconds = body.get("timeSpentSeconds").asLong();
    } else if (text) {
      w.timeSpentSeconds = parseDuration(body.get("timeSpent").asText());
    }
    if (body.hasNonNull("started")) {
      try {
        w.started = OffsetDateTime.parse(body.get("started").asText(), JiraJson.JIRA_TIME);
      } catch (DateTimeParseException e) {
        throw ApiError.badRequest("started must look like 2026-01-17T12:34:00.000+0000");
      }
    } else if (create) {
      w.started = OffsetDateTime.now(java.time.ZoneOffset.UTC);
    }
    if (body.has("comment")) {
      JsonNode comment = body.get("comment");
      if (comment != null && !comment.isNull() && !comment.isObject()) {
        throw ApiError.badRequest("comment must be an Atlassian Document Format object");
      }
      w.comment = comment;
    }
    if (body.has("properties")) {
      JsonNode props = body.get("properties");
      if (!props.isArray()) {
        throw ApiError.badRequest("properties must be an array of {key, value}");
      }
      for (JsonNode p : props) {
        String key = p.path("key").asText("");
        if (key.isEmpty() || key.length() > 255 || !p.has("value")) {
          throw ApiError.badRequest(
              "each property needs a key (at most 255 characters) and a value");
        }
      }
      props.forEach(p -> w.properties.put(p.get("key").asText(), p.get("value")));
    }
  }

  private static long parseDuration(String text) {
    long total = 0;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*([wdhm])").matcher(text);
    boolean any = false;
    while (m.find()) {
      any = true;
      long n = Long.parseLong(m.group(1));
      total +=
          switch (m.group(2)) {
            case "w" -> n * 5 * 8 * 3600;
            case "d" -> n * 8 * 3600;
            case "h" -> n * 3600;
            default -> n * 60;
          };
    }
    if (!any || total < 1) {
      throw ApiError.badRequest("timeSpent is not a valid duration: " + text);
    }
    return total;
  }

  private SimIssue requireIssue(String idOrKey) {
    SimIssue issue = calls.site().issueByIdOrKey(idOrKey);
    if (issue == null) {
      throw ApiError.notFound("Issue does not exist or you do not have permission to see it.");
    }
    return issue;
  }

  private JiraWorklog requireWorklog(String idOrKey, long id) {
    SimIssue issue = requireIssue(idOrKey);
    JiraWorklog w = calls.site().jiraWorklog(id);
    if (w == null || w.issueId != issue.id) {
      throw ApiError.notFound("Cannot find worklog with id: " + id);
    }
    return w;
  }
}
