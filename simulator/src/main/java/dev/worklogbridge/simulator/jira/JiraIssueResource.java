package dev.worklogbridge.simulator.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.simulator.gateway.Calls;
import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.SimFields;
import dev.worklogbridge.simulator.model.SimIssue;
import dev.worklogbridge.simulator.model.SimSite;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Jira Cloud REST v3: issues, JQL search and the fields of a site. */
@Path("/jira/{site}/rest/api/3")
@Produces(MediaType.APPLICATION_JSON)
public class JiraIssueResource {

  @Inject Calls calls;

  @GET
  @Path("issue/{idOrKey}")
  public JsonNode issue(@PathParam("idOrKey") String idOrKey) {
    return JiraJson.issue(
        calls.context(), calls.site(), JiraLookups.requireIssue(calls.site(), idOrKey));
  }

  /** Body {@code {jql, fields?, maxResults?, nextPageToken?}}. */
  @POST
  @Path("search/jql")
  public JsonNode search(JsonNode body) {
    if (body == null || !body.hasNonNull("jql")) {
      throw ApiError.badRequest("jql is required");
    }
    SimSite site = calls.site();
    List<SimIssue> matches = site.directory().issues(Jql.parse(site, body.get("jql").asText()));
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
    for (SimFields.Field f : site.customFields.all(site.directory().issues(i -> true))) {
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
}
