package dev.worklogbridge.simulator.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.simulator.model.JiraWorklog;
import dev.worklogbridge.simulator.model.SimIssue;
import dev.worklogbridge.simulator.model.SimProject;
import dev.worklogbridge.simulator.model.SimSite;
import dev.worklogbridge.simulator.model.SimUser;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Jira REST v3 JSON: ids are strings, dates carry an offset without a colon. */
public final class JiraJson {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Jira's date-time format: {@code 2026-01-17T12:34:00.000+0000}. */
  static final DateTimeFormatter JIRA_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private JiraJson() {}

  static String base(RoutingContext rc, SimSite site) {
    String host = rc.request().getHeader("Host");
    return rc.request().scheme() + "://" + host + "/jira/" + site.name + "/rest/api/3";
  }

  static ObjectNode issue(RoutingContext rc, SimSite site, SimIssue issue) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", Long.toString(issue.id));
    n.put("key", issue.key);
    n.put("self", base(rc, site) + "/issue/" + issue.id);
    ObjectNode fields = n.putObject("fields");
    fields.put("summary", issue.summary);
    SimProject project = site.directory().projectById(issue.projectId);
    ObjectNode p = fields.putObject("project");
    p.put("id", Long.toString(issue.projectId));
    p.put("key", project == null ? issue.projectKey() : project.key());
    p.put("name", project == null ? issue.projectKey() : project.name());
    issue.fields.forEach((id, value) -> fields.set(id, site.customFields.render(id, value)));
    if (issue.remainingEstimateSeconds != null) {
      fields
          .putObject("timetracking")
          .put("remainingEstimateSeconds", issue.remainingEstimateSeconds);
    }
    return n;
  }

  static ObjectNode user(RoutingContext rc, SimSite site, SimUser u) {
    ObjectNode n = JSON.createObjectNode();
    n.put("self", base(rc, site) + "/user?accountId=" + u.accountId());
    n.put("accountId", u.accountId());
    n.put("accountType", u.accountType());
    if (u.emailVisible() && u.email() != null) {
      n.put("emailAddress", u.email());
    }
    n.put("displayName", u.displayName());
    n.put("active", u.active());
    n.put("timeZone", u.timeZone());
    return n;
  }

  static ObjectNode worklog(RoutingContext rc, SimSite site, JiraWorklog w) {
    return worklog(rc, site, w, false);
  }

  /** With {@code properties}, as {@code expand=properties} asks: {@code [{key, value}]}. */
  public static ObjectNode worklog(
      RoutingContext rc, SimSite site, JiraWorklog w, boolean properties) {
    ObjectNode n = JSON.createObjectNode();
    n.put("self", base(rc, site) + "/issue/" + w.issueId + "/worklog/" + w.id);
    fields(n, site, w);
    if (properties) {
      ArrayNode props = n.putArray("properties");
      w.properties.forEach((k, v) -> props.addObject().put("key", k).set("value", v));
    }
    return n;
  }

  /** A worklog as a webhook carries it (no request to derive {@code self} from). */
  static ObjectNode webhookWorklog(SimSite site, JiraWorklog w) {
    return fields(JSON.createObjectNode(), site, w);
  }

  private static ObjectNode fields(ObjectNode n, SimSite site, JiraWorklog w) {
    n.set("author", userRef(site, w.authorAccountId));
    n.set("updateAuthor", userRef(site, w.updateAuthorAccountId));
    if (w.comment != null) {
      n.set("comment", w.comment);
    }
    n.put("created", format(w.created));
    n.put("updated", format(w.updated));
    n.put("started", w.started == null ? null : JIRA_TIME.format(w.started));
    n.put("timeSpentSeconds", w.timeSpentSeconds);
    n.put("id", Long.toString(w.id));
    n.put("issueId", Long.toString(w.issueId));
    return n;
  }

  private static JsonNode userRef(SimSite site, String accountId) {
    ObjectNode n = JSON.createObjectNode();
    n.put("accountId", accountId);
    SimUser u = site.directory().user(accountId);
    n.put("displayName", u == null ? accountId : u.displayName());
    return n;
  }

  static String format(Instant instant) {
    return JIRA_TIME.format(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
  }
}
