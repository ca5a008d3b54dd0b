package dev.worklogbridge.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Tempo Cloud REST API v4 for one site: the documented calls of {@link TempoApi}, each made through
 * the site's {@link CallPolicy}, their answers read into our records.
 */
public final class TempoClient {

  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final TempoApi api;
  private final CallPolicy caller;

  /** {@code base} is the part before {@code /4}, e.g. {@code https://api.eu.tempo.io}. */
  TempoClient(URI base, TempoApi api, CallPolicy caller) {
    this.base = base;
    this.api = api;
    this.caller = caller;
  }

  public String site() {
    return caller.site();
  }

  // ---- worklogs ----

  public Optional<TempoWorklog> get(long tempoWorklogId) {
    Answer a =
        caller.send("GET", "/4/worklogs/{id}", () -> api.worklog(tempoWorklogId), Set.of(404));
    return a.status() == 404 ? Optional.empty() : Optional.of(TempoWorklog.from(read(a)));
  }

  public TempoWorklog create(TempoWorklogRequest request) {
    return TempoWorklog.from(
        read(
            caller.sendOnce(
                "POST", "/4/worklogs", () -> api.create(bytes(request.createBody())), Set.of())));
  }

  public TempoWorklog update(long tempoWorklogId, TempoWorklogRequest request) {
    return TempoWorklog.from(
        read(
            caller.send(
                "PUT",
                "/4/worklogs/{id}",
                () -> api.update(tempoWorklogId, bytes(request.updateBody())),
                Set.of())));
  }

  /** Deletes; false when the worklog was already gone (404). */
  public boolean delete(long tempoWorklogId, boolean bypassPeriodClosures) {
    Boolean bypass = bypassPeriodClosures ? Boolean.TRUE : null;
    return caller
            .send(
                "DELETE", "/4/worklogs/{id}", () -> api.delete(tempoWorklogId, bypass), Set.of(404))
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
                "POST",
                "/4/worklogs/issue/{issueId}/bulk",
                () -> api.createBulk(issueId, bytes(body)),
                Set.of()));
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
    String from = updatedFrom.truncatedTo(ChronoUnit.SECONDS).toString();
    List<Long> projects = List.copyOf(projectIds);
    forEachPage(
        "/4/worklogs",
        () -> api.worklogs("UPDATED", pageSize, from, null, null, projects),
        n -> each.accept(TempoWorklog.from(n)));
  }

  /** Every worklog whose date lies between {@code from} and {@code to} (inclusive). */
  public void forEachBetween(
      LocalDate from, LocalDate to, Collection<Long> projectIds, Consumer<TempoWorklog> each) {
    List<Long> projects = List.copyOf(projectIds);
    forEachPage(
        "/4/worklogs",
        () -> api.worklogs("ID", 1000, null, from.toString(), to.toString(), projects),
        n -> each.accept(TempoWorklog.from(n)));
  }

  /** All worklogs of one issue (every page: the reference product only read the first). */
  public List<TempoWorklog> byIssue(long issueId) {
    List<TempoWorklog> out = new ArrayList<>();
    forEachPage(
        "/4/worklogs/issue/{issueId}",
        () -> api.byIssue(issueId, 1000),
        n -> out.add(TempoWorklog.from(n)));
    return out;
  }

  /** One author's worklogs on one date. */
  public List<TempoWorklog> byAuthorOn(String accountId, LocalDate date) {
    List<TempoWorklog> out = new ArrayList<>();
    forEachPage(
        "/4/worklogs/user/{accountId}",
        () -> api.byUser(accountId, 1000, date.toString(), date.toString()),
        n -> out.add(TempoWorklog.from(n)));
    return out;
  }

  // ---- deletions ----

  /** Deleted worklogs since {@code from}, following the {@code lastEvaluatedKey} cursor. */
  public void forEachDeleted(Instant from, Consumer<DeletedWorklogEvent> each) {
    String since = from.truncatedTo(ChronoUnit.SECONDS).toString();
    String cursor = null;
    do {
      String key = cursor;
      JsonNode page =
          read(
              caller.send(
                  "GET",
                  "/papertrail/1/events/deleted/types/worklog",
                  () -> api.deletedWorklogs(1000, since, key),
                  Set.of()));
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
        "/4/work-attributes",
        () -> api.workAttributes(1000),
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
    caller.send("POST", "/4/work-attributes", () -> api.createWorkAttribute(bytes(body)), Set.of());
  }

  /** The site's global configuration, as Tempo answers it (its fields are read defensively). */
  public JsonNode globalConfiguration() {
    return read(caller.send("GET", "/4/globalconfiguration", api::globalConfiguration, Set.of()));
  }

  /** A cheap authenticated read: proves the token works. */
  public void checkToken() {
    caller.send("GET", "/4/globalconfiguration", api::globalConfiguration, Set.of());
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
    Answer a =
        caller.sendOnce(
            "POST", "/4/webhooks/subscriptions", () -> api.subscribe(bytes(body)), Set.of(409));
    return a.status() == 409 ? Optional.empty() : Optional.of(subscription(read(a), url, event));
  }

  public List<WebhookSubscriptionInfo> subscriptions() {
    List<WebhookSubscriptionInfo> out = new ArrayList<>();
    forEachPage(
        "/4/webhooks/subscriptions",
        () -> api.subscriptions(50),
        n -> out.add(subscription(n, null, null)));
    return out;
  }

  /** Asks Tempo to verify the URL again and reactivate the subscription. */
  public void refresh(String id) {
    caller.send("PATCH", "/4/webhooks/subscriptions/{id}/refresh", () -> api.refresh(id), Set.of());
  }

  public void unsubscribe(String id) {
    caller.send("DELETE", "/4/webhooks/subscriptions/{id}", () -> api.unsubscribe(id), Set.of(404));
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

  /**
   * Reads the first page, then every page its {@code metadata.next} names (the link carries its own
   * path and query), until a page names none.
   */
  private void forEachPage(String path, Supplier<Response> first, Consumer<JsonNode> each) {
    Supplier<Response> call = first;
    while (call != null) {
      JsonNode page = read(caller.send("GET", path, call, Set.of()));
      page.path("results").forEach(each);
      String link = page.path("metadata").path("next").asText(null);
      if (link == null || link.isBlank()) {
        call = null;
      } else {
        String next = sameOrigin(base, link).toString();
        call = () -> api.page(next);
      }
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
    if (!SiteAuthorization.sameOrigin(first, next)) {
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
              + SiteAuthorization.port(next)
              + ", not to "
              + first.getHost()
              + "; not followed (the token goes only to the configured Tempo)",
          null);
    }
    return next;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode read(Answer answer) {
    try {
      return answer.body().length == 0 ? JSON.nullNode() : JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new CloudException(
          ErrorKind.RETRYABLE, answer.status(), "", "unreadable answer: " + e.getMessage(), e);
    }
  }
}
