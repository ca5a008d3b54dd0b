package dev.worklogbridge.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Tempo Cloud REST API v4 for one site. All calls go through the site's {@link HttpCaller}. */
public final class TempoClient {

  static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpCaller caller;

  /** {@code baseUrl} is the part before {@code /4}, e.g. {@code https://api.eu.tempo.io}. */
  public TempoClient(String baseUrl, HttpCaller caller) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.caller = caller;
  }

  public String site() {
    return caller.site();
  }

  // ---- worklogs ----

  public Optional<TempoWorklog> get(long tempoWorklogId) {
    HttpCaller.Answer a =
        caller.send("GET", uri("/4/worklogs/" + tempoWorklogId), null, Set.of(404));
    return a.status() == 404 ? Optional.empty() : Optional.of(TempoWorklog.from(read(a)));
  }

  public TempoWorklog create(TempoWorklogRequest request) {
    return TempoWorklog.from(
        read(caller.sendOnce("POST", uri("/4/worklogs"), bytes(request.createBody()), Set.of())));
  }

  public TempoWorklog update(long tempoWorklogId, TempoWorklogRequest request) {
    return TempoWorklog.from(
        read(
            caller.send(
                "PUT",
                uri("/4/worklogs/" + tempoWorklogId),
                bytes(request.updateBody()),
                Set.of())));
  }

  /** Deletes; false when the worklog was already gone (404). */
  public boolean delete(long tempoWorklogId, boolean bypassPeriodClosures) {
    String query = bypassPeriodClosures ? "?bypassPeriodClosuresAndApprovals=true" : "";
    return caller
            .send("DELETE", uri("/4/worklogs/" + tempoWorklogId + query), null, Set.of(404))
            .status()
        != 404;
  }

  /**
   * Up to 50 worklogs on one issue in one call, answered in the requests' order: whether Tempo
   * keeps it is not documented, so the answer is matched to the requests by lineage marker or
   * content.
   */
  public List<TempoWorklog> createBulk(long issueId, List<TempoWorklogRequest> requests) {
    if (requests.isEmpty() || requests.size() > 50) {
      throw new IllegalArgumentException(
          "a bulk create takes 1 to 50 worklogs, not " + requests.size());
    }
    ArrayNode body = JSON.createArrayNode();
    requests.forEach(r -> body.add(r.bulkItem()));
    JsonNode answer =
        read(
            caller.sendOnce(
                "POST", uri("/4/worklogs/issue/" + issueId + "/bulk"), bytes(body), Set.of()));
    List<TempoWorklog> out = new ArrayList<>();
    answer.forEach(n -> out.add(TempoWorklog.from(n)));
    return BulkAnswer.inRequestOrder(caller.site(), requests, out);
  }

  /**
   * Every worklog updated at or after {@code updatedFrom} (second resolution, as Tempo takes it),
   * optionally only of some projects; pages through {@code metadata.next}. Tempo documents {@code
   * orderBy=UPDATED} as newest first; callers must not rely on either order.
   */
  public void forEachUpdated(
      Instant updatedFrom, Collection<Long> projectIds, int pageSize, Consumer<TempoWorklog> each) {
    StringBuilder q =
        new StringBuilder("/4/worklogs?orderBy=UPDATED&limit=")
            .append(pageSize)
            .append("&updatedFrom=")
            .append(updatedFrom.truncatedTo(ChronoUnit.SECONDS).toString());
    projectIds.forEach(p -> q.append("&projectId=").append(p));
    forEachPage(uri(q.toString()), n -> each.accept(TempoWorklog.from(n)));
  }

  /** Every worklog whose date lies between {@code from} and {@code to} (inclusive). */
  public void forEachBetween(
      java.time.LocalDate from,
      java.time.LocalDate to,
      Collection<Long> projectIds,
      Consumer<TempoWorklog> each) {
    StringBuilder q =
        new StringBuilder("/4/worklogs?orderBy=ID&limit=1000&from=")
            .append(from)
            .append("&to=")
            .append(to);
    projectIds.forEach(p -> q.append("&projectId=").append(p));
    forEachPage(uri(q.toString()), n -> each.accept(TempoWorklog.from(n)));
  }

  /** All worklogs of one issue (every page: the reference product only read the first). */
  public List<TempoWorklog> byIssue(long issueId) {
    List<TempoWorklog> out = new ArrayList<>();
    forEachPage(
        uri("/4/worklogs/issue/" + issueId + "?limit=1000"), n -> out.add(TempoWorklog.from(n)));
    return out;
  }

  /** One author's worklogs on one date. */
  public List<TempoWorklog> byAuthorOn(String accountId, java.time.LocalDate date) {
    List<TempoWorklog> out = new ArrayList<>();
    forEachPage(
        uri("/4/worklogs/user/" + encode(accountId) + "?limit=1000&from=" + date + "&to=" + date),
        n -> out.add(TempoWorklog.from(n)));
    return out;
  }

  // ---- deletions ----

  /** Deleted worklogs since {@code from}, following the {@code lastEvaluatedKey} cursor. */
  public void forEachDeleted(Instant from, Consumer<DeletedWorklogEvent> each) {
    String cursor = null;
    do {
      String q =
          "/papertrail/1/events/deleted/types/worklog?limit=1000&updatedFrom="
              + from.truncatedTo(ChronoUnit.SECONDS)
              + (cursor == null ? "" : "&lastEvaluatedKey=" + encode(cursor));
      JsonNode page = read(caller.send("GET", uri(q), null, Set.of()));
      page.path("results").forEach(r -> PapertrailItem.read(r).ifPresent(each));
      JsonNode next = page.path("metadata").get("lastEvaluatedKey");
      if (next == null) {
        next = page.get("lastEvaluatedKey");
      }
      cursor = next == null || next.isNull() ? null : next.asText();
    } while (cursor != null);
  }

  // ---- work attributes, configuration ----

  public List<WorkAttributeDef> workAttributes() {
    List<WorkAttributeDef> out = new ArrayList<>();
    forEachPage(
        uri("/4/work-attributes?limit=1000"),
        n -> {
          List<String> values = new ArrayList<>();
          n.path("values").forEach(v -> values.add(v.asText()));
          java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
          n.path("names")
              .fields()
              .forEachRemaining(e -> names.put(e.getKey(), e.getValue().asText()));
          out.add(
              new WorkAttributeDef(
                  n.path("key").asText(),
                  n.path("name").asText(),
                  n.path("type").asText(),
                  n.path("required").asBoolean(),
                  values,
                  names));
        });
    return out;
  }

  public void createWorkAttribute(String key, String name, String type) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("key", key)
            .put("name", name)
            .put("type", type)
            .put("required", false);
    caller.send("POST", uri("/4/work-attributes"), bytes(body), Set.of());
  }

  /** The site's global configuration, as Tempo answers it (its fields are read defensively). */
  public JsonNode globalConfiguration() {
    return read(caller.send("GET", uri("/4/globalconfiguration"), null, Set.of()));
  }

  /** A cheap authenticated read: proves the token works. */
  public void checkToken() {
    caller.send("GET", uri("/4/globalconfiguration"), null, Set.of());
  }

  // ---- webhooks ----

  /**
   * Subscribes {@code url} to {@code event}. Empty when Tempo already holds a subscription for this
   * url and event (409): the caller adopts it from {@link #subscriptions()}. A new subscription is
   * inactive until Tempo has verified the URL.
   */
  public Optional<WebhookSubscriptionInfo> subscribe(String url, String event) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("url", url)
            .put("event", event)
            .put("name", "worklog-bridge " + event);
    HttpCaller.Answer a =
        caller.sendOnce("POST", uri("/4/webhooks/subscriptions"), bytes(body), Set.of(409));
    return a.status() == 409 ? Optional.empty() : Optional.of(subscription(read(a), url, event));
  }

  public List<WebhookSubscriptionInfo> subscriptions() {
    List<WebhookSubscriptionInfo> out = new ArrayList<>();
    forEachPage(
        uri("/4/webhooks/subscriptions?limit=50"), n -> out.add(subscription(n, null, null)));
    return out;
  }

  /** Asks Tempo to verify the URL again and reactivate the subscription. */
  public void refresh(String id) {
    caller.send(
        "PATCH", uri("/4/webhooks/subscriptions/" + encode(id) + "/refresh"), null, Set.of());
  }

  public void unsubscribe(String id) {
    caller.send("DELETE", uri("/4/webhooks/subscriptions/" + encode(id)), null, Set.of(404));
  }

  private static WebhookSubscriptionInfo subscription(JsonNode n, String url, String event) {
    return new WebhookSubscriptionInfo(
        n.path("id").asText(),
        n.path("url").asText(url),
        n.path("event").asText(event),
        n.path("active").asBoolean(false),
        n.path("sharedSecret").asText(null));
  }

  // ---- plumbing ----

  private void forEachPage(URI first, Consumer<JsonNode> each) {
    URI next = first;
    while (next != null) {
      JsonNode page = read(caller.send("GET", next, null, Set.of()));
      page.path("results").forEach(each);
      String link = page.path("metadata").path("next").asText(null);
      next = link == null || link.isBlank() ? null : sameOrigin(first, link);
    }
  }

  /**
   * The next page's link, followed only to where the first page came from (scheme, host and port):
   * the site's token goes with every request, and a link in an answer must not take it elsewhere.
   */
  static URI sameOrigin(URI first, String link) {
    URI next;
    try {
      next = first.resolve(link);
    } catch (IllegalArgumentException e) {
      throw new CloudException(
          ErrorKind.PERMANENT, 0, "", "tempo", "metadata.next is not a link: " + e.getMessage(), e);
    }
    if (!first.getScheme().equalsIgnoreCase(String.valueOf(next.getScheme()))
        || !first.getHost().equalsIgnoreCase(String.valueOf(next.getHost()))
        || port(first) != port(next)) {
      throw new CloudException(
          ErrorKind.PERMANENT,
          0,
          "",
          "tempo",
          "metadata.next points to "
              + next.getScheme()
              + "://"
              + next.getHost()
              + ":"
              + port(next)
              + ", not to "
              + first.getHost()
              + "; not followed (the token goes only to the configured Tempo)",
          null);
    }
    return next;
  }

  private static int port(URI u) {
    if (u.getPort() != -1) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private URI uri(String pathAndQuery) {
    return URI.create(base + pathAndQuery);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode read(HttpCaller.Answer answer) {
    try {
      return answer.body().length == 0 ? JSON.nullNode() : JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new CloudException(
          ErrorKind.RETRYABLE, answer.status(), "", "unreadable answer: " + e.getMessage(), e);
    }
  }
}
