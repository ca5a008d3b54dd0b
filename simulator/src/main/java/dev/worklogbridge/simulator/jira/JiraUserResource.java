package dev.worklogbridge.simulator.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.worklogbridge.simulator.gateway.Calls;
import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.SimUser;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;

/** Jira Cloud REST v3: the caller (myself), users by account id, and the user search. */
@Path("/jira/{site}/rest/api/3")
@Produces(MediaType.APPLICATION_JSON)
public class JiraUserResource {

  @Inject Calls calls;

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
    SimUser u = calls.site().directory().user(accountId);
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
    for (SimUser u : calls.site().directory().users()) {
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
}
