package dev.worklogbridge.outbound.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.worklogbridge.outbound.detect.Poller;
import dev.worklogbridge.runtime.config.BridgeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Where Tempo delivers worklog webhooks for a site. Answers the {@code randomString} verification;
 * accepts a delivery only with a valid signature and a fresh timestamp (401 otherwise, nothing
 * published), drops repeated {@code eventId}s, and answers at once: the work happens off-thread.
 */
@Path("/webhooks/tempo/{site}")
public class TempoWebhookResource {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject WebhookSecrets secrets;
  @Inject WebhookHandler handler;
  @Inject Poller poller;
  @Inject BridgeConfig config;
  @Inject MeterRegistry metrics;

  private final Cache<String, Boolean> seenEventIds =
      Caffeine.newBuilder().maximumSize(200_000).expireAfterWrite(Duration.ofHours(2)).build();

  @GET
  public Response verify(
      @PathParam("site") String site, @QueryParam("randomString") String randomString) {
    if (randomString == null || !poller.watchedSites().contains(site)) {
      return Response.status(404).build();
    }
    return Response.ok(randomString, MediaType.TEXT_PLAIN).build();
  }

  @POST
  public Response deliver(
      @PathParam("site") String site,
      @HeaderParam("Tempo-Signature") String signature,
      @HeaderParam("Tempo-Timestamp") String timestamp,
      byte[] body) {
    long received = System.nanoTime();
    if (!poller.watchedSites().contains(site)) {
      return Response.status(404).build();
    }
    if (!secrets.verify(site, body, timestamp, signature) || fromTheFuture(timestamp)) {
      metrics.counter("worklog_bridge_webhooks_rejected", "site", site).increment();
      return Response.status(401)
          .type(MediaType.APPLICATION_JSON)
          .entity(Map.of("error", "bad Tempo-Signature or Tempo-Timestamp"))
          .build();
    }
    JsonNode delivery;
    try {
      delivery = JSON.readTree(body);
    } catch (IOException e) {
      return Response.status(400)
          .type(MediaType.APPLICATION_JSON)
          .entity(Map.of("error", "not JSON"))
          .build();
    }
    String eventId = delivery.path("eventId").asText("");
    if (!eventId.isEmpty() && seenEventIds.asMap().putIfAbsent(eventId, Boolean.TRUE) != null) {
      metrics.counter("worklog_bridge_webhooks_duplicate", "site", site).increment();
      return Response.ok().build();
    }
    handler.submit(site, delivery, received);
    return Response.ok().build();
  }

  /**
   * Tempo stamps a delivery with the time of its <em>first</em> attempt (an ISO-8601 instant) and
   * retries for hours with that same stamp, so an old stamp is normal: the signature and the
   * eventId dedupe are the replay defence, and a replayed delivery only triggers an idempotent
   * poll. Only a stamp further ahead of our clock than the allowed skew, or none that parses, is
   * refused.
   */
  private boolean fromTheFuture(String timestamp) {
    Instant at = WebhookTimestamp.parse(timestamp);
    return at == null || at.isAfter(Instant.now().plus(config.outbound().webhookMaxSkew()));
  }
}
