package dev.worklogbridge.simulator.tempo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.simulator.gateway.Calls;
import dev.worklogbridge.simulator.gateway.SiteRegistry;
import dev.worklogbridge.simulator.gateway.WebhookTransport;
import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.SimSite;
import dev.worklogbridge.simulator.model.WebhookSubscription;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;

/**
 * Tempo v4 webhook subscriptions, with UUID string ids. A new subscription is answered at once,
 * inactive; Tempo then calls {@code GET <url>?randomString=X} and activates it when the endpoint
 * answers 200 with X as text (otherwise it stays inactive). {@code PATCH /{id}/refresh} verifies
 * again and reactivates one that failed or was deactivated after failed deliveries.
 */
@Path("/tempo/{site}/4/webhooks/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
public class TempoWebhookResource {

  private static final Set<String> EVENTS =
      Set.of(
          "worklog.created",
          "worklog.updated",
          "worklog.deleted",
          "plan.created",
          "plan.updated",
          "plan.deleted");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Inject Calls calls;
  @Inject SiteRegistry registry;
  @Inject WebhookTransport transport;

  @POST
  public JsonNode subscribe(JsonNode body) {
    if (body == null || !body.hasNonNull("url") || !body.hasNonNull("event")) {
      throw ApiError.badRequest("url and event are required");
    }
    String url = body.get("url").asText();
    String event = body.get("event").asText();
    if (!EVENTS.contains(event)) {
      throw ApiError.badRequest("event must be one of " + EVENTS);
    }
    if (!url.startsWith("https://")
        && !(registry.settings().allowHttpWebhooks && url.startsWith("http://"))) {
      throw ApiError.badRequest("url must use https");
    }
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    WebhookSubscription s =
        calls
            .site()
            .webhooks()
            .subscribe(
                url, event, body.path("name").asText(event), HexFormat.of().formatHex(secret));
    ObjectNode answer = render(s);
    transport.run(
        calls.site().name,
        () -> {
          try {
            verify(registry, s.url);
            activate(s);
          } catch (ApiError e) {
            // stays inactive: a refresh verifies again
          }
        },
        false);
    return answer;
  }

  @GET
  @Path("{id}")
  public JsonNode get(@PathParam("id") String id) {
    return render(require(id));
  }

  /** Verifies the URL again and reactivates the subscription. */
  @PATCH
  @Path("{id}/refresh")
  public JsonNode refresh(@PathParam("id") String id) {
    WebhookSubscription s = require(id);
    verify(registry, s.url);
    activate(s);
    return render(s);
  }

  private WebhookSubscription require(String id) {
    WebhookSubscription s = calls.site().webhooks().subscription(id);
    if (s == null) {
      throw ApiError.notFound("Subscription " + id + " not found");
    }
    return s;
  }

  private static void activate(WebhookSubscription s) {
    s.consecutiveFailures = 0;
    s.active = true;
    s.updatedAt = SimSite.now();
  }

  @GET
  public JsonNode list() {
    TempoRequests.ListQuery q = TempoRequests.listQuery(calls.context().queryParams());
    return TempoJson.page(
        calls.context(),
        calls.site().webhooks().subscriptions().stream().toList(),
        q.offset(),
        q.limit(),
        this::render);
  }

  @DELETE
  @Path("{id}")
  public Response unsubscribe(@PathParam("id") String id) {
    if (!calls.site().webhooks().unsubscribe(id)) {
      throw ApiError.notFound("Subscription " + id + " not found");
    }
    return Response.noContent().build();
  }

  private static void verify(SiteRegistry registry, String url) {
    if (registry.settings().webhookVerificationFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw ApiError.badRequest("Webhook URL verification failed: the URL did not answer");
    }
    String challenge = HexFormat.of().formatHex(RANDOM.generateSeed(8));
    String separator = url.contains("?") ? "&" : "?";
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          url
                              + separator
                              + "randomString="
                              + URLEncoder.encode(challenge, StandardCharsets.UTF_8)))
                  .timeout(Duration.ofSeconds(10))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200 || !challenge.equals(response.body().trim())) {
        throw ApiError.badRequest(
            "Webhook URL verification failed: expected 200 with the randomString, got "
                + response.statusCode());
      }
    } catch (java.io.IOException e) {
      throw ApiError.badRequest("Webhook URL verification failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiError.badRequest("Webhook URL verification interrupted");
    }
  }

  private ObjectNode render(WebhookSubscription s) {
    ObjectNode n = TempoJson.JSON.createObjectNode();
    n.put(
        "self",
        TempoJson.tempoBase(calls.context(), calls.site()) + "/4/webhooks/subscriptions/" + s.id);
    n.put("id", s.id);
    n.put("url", s.url);
    n.put("event", s.event);
    n.put("name", s.name);
    n.put("active", s.active);
    n.put("description", s.name);
    n.put("sharedSecret", s.sharedSecret);
    n.put("createdAt", s.createdAt.toString());
    n.put("updatedAt", s.updatedAt.toString());
    return n;
  }
}
