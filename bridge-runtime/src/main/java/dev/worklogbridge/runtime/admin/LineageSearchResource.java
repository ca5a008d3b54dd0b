package dev.worklogbridge.runtime.admin;

import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.store.LineageLink;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Finds lineages from what a person has at hand: a worklog id on either site ({@code jcb:9876}, the
 * origin's or the replica's), or an issue on either site ({@code jcb:SUP-12} or its id). The answer
 * lists the lineages (newest first, at most 100); {@link LineageResource} shows each.
 */
@Path("/api/v1/connections/{connection}/lineages")
@Produces(MediaType.APPLICATION_JSON)
public class LineageSearchResource {

  private static final Pattern SITE_AND = Pattern.compile("([a-z0-9][a-z0-9-]*):(.+)");
  private static final Pattern ISSUE_KEY = Pattern.compile("[A-Z][A-Z0-9_]*-[0-9]+");
  private static final int MAX = 100;

  @Inject Connections connections;
  @Inject Sites sites;

  @GET
  @Operation(
      summary =
          "Lineages of a worklog id (site:id) or an issue (site:KEY-1 or site:id) on either site")
  public Map<String, Object> find(
      @PathParam("connection") String connection,
      @QueryParam("worklog") String worklog,
      @QueryParam("issue") String issue) {
    Connections.View c =
        connections
            .get(connection)
            .orElseThrow(() -> new AdminErrors.NotFound("no connection " + connection));
    if ((worklog == null) == (issue == null)) {
      throw new AdminErrors.BadInput("give one of worklog=site:id or issue=site:KEY-1");
    }
    boolean byWorklog = worklog != null;
    Matcher m = SITE_AND.matcher(byWorklog ? worklog.trim() : issue.trim());
    if (!m.matches() || !c.includes(m.group(1))) {
      throw new AdminErrors.BadInput(
          "expected <site>:<"
              + (byWorklog ? "worklog id" : "issue key or id")
              + "> with a site of "
              + connection
              + " ("
              + c.siteA()
              + " or "
              + c.siteB()
              + ")");
    }
    String site = m.group(1);
    String value = m.group(2).trim();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("connection", connection);
    out.put("site", site);
    List<LineageLink> links;
    if (byWorklog) {
      long id = number(value, "a worklog id is a number");
      out.put("worklogId", id);
      links = linksWhere("site = ?2 and localWorklogId = ?3", connection, site, id);
    } else {
      long issueId = issueId(site, value);
      out.put("issueId", issueId);
      links = linksWhere("site = ?2 and localIssueId = ?3", connection, site, issueId);
    }
    out.put("lineages", links.stream().map(LineageResource::view).toList());
    return out;
  }

  private static List<LineageLink> linksWhere(
      String where, String connection, String site, long value) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                LineageLink.find(
                        "connection = ?1 and " + where + " order by updatedAt desc",
                        connection,
                        site,
                        value)
                    .page(0, MAX)
                    .list());
  }

  /** An issue's id: as given, or the key looked up on the site's Jira. */
  private long issueId(String site, String keyOrId) {
    if (keyOrId.chars().allMatch(Character::isDigit)) {
      return number(keyOrId, "an issue id is a number");
    }
    if (!ISSUE_KEY.matcher(keyOrId).matches()) {
      throw new AdminErrors.BadInput("'" + keyOrId + "' is neither an issue key nor an id");
    }
    return sites
        .site(site)
        .jira()
        .issue(keyOrId)
        .orElseThrow(() -> new AdminErrors.NotFound("no issue " + keyOrId + " on " + site))
        .id();
  }

  private static long number(String s, String what) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new AdminErrors.BadInput(what + ", not '" + s + "'");
    }
  }
}
