package dev.worklogbridge.runtime.admin;

import dev.worklogbridge.runtime.site.SiteHealth;
import dev.worklogbridge.runtime.site.SiteRuntime;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.runtime.site.TokenProbe;
import jakarta.inject.Inject;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Replaces a site's token while running; the next call uses it, paused work resumes. */
@Path("/api/v1/sites/{site}/tokens/{api}")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

  /** The new token. */
  public record NewToken(String token) {}

  @Inject Sites sites;
  @Inject SiteHealth health;
  @Inject TokenProbe probe;

  @PUT
  @Operation(
      summary = "Replace the Tempo or Jira token of a site",
      description = "Checks it against the API at once.")
  public Map<String, String> replace(
      @PathParam("site") String site, @PathParam("api") String api, NewToken body) {
    if (!sites.all().containsKey(site)) {
      throw new AdminErrors.NotFound("no site " + site);
    }
    if (!"tempo".equals(api) && !"jira".equals(api)) {
      throw new AdminErrors.BadInput("api must be tempo or jira, not " + api);
    }
    if (body == null || body.token() == null || body.token().isBlank()) {
      throw new AdminErrors.BadInput("body must be {\"token\": \"...\"}");
    }
    SiteRuntime s = sites.site(site);
    if ("tempo".equals(api) && !s.hasTempo()) {
      throw new AdminErrors.BadInput("site " + site + " has no Tempo configured");
    }
    ("tempo".equals(api) ? s.tempoToken() : s.jiraToken()).replace(body.token());
    boolean works = probe.probe(site, api);
    return Map.of("site", site, "api", api, "state", works ? "OK" : "AUTH_FAILED");
  }
}
