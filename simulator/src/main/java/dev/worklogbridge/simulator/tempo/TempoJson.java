package dev.worklogbridge.simulator.tempo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.simulator.model.SimSite;
import dev.worklogbridge.simulator.model.SimWorklog;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Renders Tempo v4 JSON exactly as the real API shapes it (integers for ids, no issue keys). */
public final class TempoJson {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern OFFSET = Pattern.compile("([?&])offset=\\d*");

  private TempoJson() {}

  /** {@code http://host:port/tempo/<site>}: what a client configured as the Tempo base URL. */
  static String tempoBase(RoutingContext rc, SimSite site) {
    return origin(rc) + "/tempo/" + site.name;
  }

  static String jiraBase(RoutingContext rc, SimSite site) {
    return origin(rc) + "/jira/" + site.name;
  }

  static String origin(RoutingContext rc) {
    String host = rc.request().getHeader("Host");
    return rc.request().scheme()
        + "://"
        + (host != null ? host : rc.request().authority().toString());
  }

  public static ObjectNode worklog(RoutingContext rc, SimSite site, SimWorklog w) {
    String tempo = tempoBase(rc, site);
    String jira = jiraBase(rc, site);
    ObjectNode n = JSON.createObjectNode();
    n.put("self", tempo + "/4/worklogs/" + w.tempoWorklogId);
    n.put("tempoWorklogId", w.tempoWorklogId);
    ObjectNode issue = n.putObject("issue");
    issue.put("self", jira + "/rest/api/2/issue/" + w.issueId);
    issue.put("id", w.issueId);
    n.put("timeSpentSeconds", w.timeSpentSeconds);
    n.put("billableSeconds", w.billableSeconds);
    n.put("startDate", w.startDate.toString());
    n.put("startTime", hhmmss(w));
    n.put("startDateTimeUtc", site.tempo().startUtc(w).toString());
    n.put("description", w.description);
    n.put("createdAt", w.createdAt.toString());
    n.put("updatedAt", w.updatedAt.toString());
    ObjectNode author = n.putObject("author");
    author.put("self", jira + "/rest/api/2/user?accountId=" + w.authorAccountId);
    author.put("accountId", w.authorAccountId);
    ObjectNode attributes = n.putObject("attributes");
    attributes.put("self", tempo + "/4/worklogs/" + w.tempoWorklogId + "/work-attribute-values");
    ArrayNode values = attributes.putArray("values");
    w.attributes.forEach((k, v) -> values.addObject().put("key", k).put("value", v));
    return n;
  }

  static String hhmmss(SimWorklog w) {
    return String.format(
        "%02d:%02d:%02d", w.startTime.getHour(), w.startTime.getMinute(), w.startTime.getSecond());
  }

  /**
   * The paged envelope: {@code self}, {@code metadata{count, offset, limit, next?, previous?}},
   * results.
   */
  static ObjectNode page(RoutingContext rc, List<? extends JsonNode> all, int offset, int limit) {
    return page(rc, all, offset, limit, n -> n);
  }

  /** Pages first, renders only the page. */
  static <T> ObjectNode page(
      RoutingContext rc,
      List<T> all,
      int offset,
      int limit,
      java.util.function.Function<T, ? extends JsonNode> render) {
    String self = rc.request().absoluteURI();
    ObjectNode n = JSON.createObjectNode();
    n.put("self", self);
    List<T> slice = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
    ObjectNode metadata = n.putObject("metadata");
    metadata.put("count", slice.size());
    metadata.put("offset", offset);
    metadata.put("limit", limit);
    if (offset + limit < all.size()) {
      metadata.put("next", withOffset(self, offset + limit));
    }
    if (offset > 0) {
      metadata.put("previous", withOffset(self, Math.max(0, offset - limit)));
    }
    ArrayNode results = n.putArray("results");
    slice.forEach(item -> results.add(render.apply(item)));
    return n;
  }

  static String withOffset(String url, int offset) {
    Matcher m = OFFSET.matcher(url);
    if (m.find()) {
      return m.replaceFirst(Matcher.quoteReplacement(m.group(1) + "offset=" + offset));
    }
    return url + (url.contains("?") ? "&" : "?") + "offset=" + offset;
  }
}
