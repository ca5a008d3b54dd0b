package dev.worklogbridge.simulator.tempo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.simulator.gateway.SimClock;
import dev.worklogbridge.simulator.gateway.SiteRegistry;
import dev.worklogbridge.simulator.gateway.WebhookTransport;
import dev.worklogbridge.simulator.model.SimSite;
import dev.worklogbridge.simulator.model.SimWorklog;
import dev.worklogbridge.simulator.model.WebhookSubscription;
import dev.worklogbridge.simulator.model.WorklogChange;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers worklog events to webhook subscriptions as Tempo does: a signed POST ({@code
 * Tempo-Signature} = hex HMAC-SHA256 of the body bytes + timestamp, {@code Tempo-Timestamp} the ISO
 * instant of the first attempt, kept on every retry), retried on a status >= 400 or a slow answer,
 * the subscription deactivated after the last attempt. Deliveries may repeat.
 */
@ApplicationScoped
public class WebhookDispatcher {

  /** One delivery attempt, for the control API. */
  public record Delivery(
      String site,
      String subscriptionId,
      String eventId,
      String eventType,
      long tempoWorklogId,
      int attempt,
      int status,
      String at) {}

  @Inject SiteRegistry registry;

  @Inject WebhookTransport transport;
  private final Deque<Delivery> deliveries = new ArrayDeque<>();

  void start(@Observes StartupEvent event) {
    registry.onChange(this::dispatch);
  }

  private void dispatch(WorklogChange change) {
    SimSite site = registry.site(change.site());
    if (site == null) {
      return;
    }
    for (WebhookSubscription s : site.webhooks().subscriptions()) {
      if (s.active && s.event.equals(change.eventType())) {
        String eventId = UUID.randomUUID().toString();
        String body = withEventId(body(change), eventId);
        // Tempo-Timestamp is the time of the first attempt; every retry carries it again.
        String firstAttempt = SimClock.instant().toString();
        transport.run(
            site.name, () -> attempt(site.name, s, change, eventId, body, firstAttempt, 1), false);
      }
    }
  }

  private void attempt(
      String site,
      WebhookSubscription s,
      WorklogChange change,
      String eventId,
      String body,
      String timestamp,
      int n) {
    if (!s.active) {
      return;
    }
    int status;
    try {
      status =
          transport.post(
              s.url,
              Map.of(
                  "Tempo-Timestamp",
                  timestamp,
                  "Tempo-Signature",
                  sign(s.sharedSecret, body.getBytes(StandardCharsets.UTF_8), timestamp),
                  "Tempo-Tenant-ID",
                  "tenant-" + site),
              body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    record(
        new Delivery(
            site,
            s.id,
            eventId,
            change.eventType(),
            change.snapshot().tempoWorklogId,
            n,
            status,
            Instant.now().toString()));
    if (status >= 200 && status < 400) {
      s.consecutiveFailures = 0;
      return;
    }
    s.consecutiveFailures++;
    if (n >= registry.settings().webhookMaxAttempts) {
      s.active = false;
      return;
    }
    transport.run(site, () -> attempt(site, s, change, eventId, body, timestamp, n + 1), true);
  }

  private static String body(WorklogChange change) {
    SimWorklog w = change.snapshot();
    ObjectNode root = TempoJson.JSON.createObjectNode();
    root.put("eventType", change.eventType());
    ObjectNode p = root.putObject("payload");
    p.put("tempoWorklogId", w.tempoWorklogId);
    p.putObject("issue").put("id", w.issueId);
    p.putObject("author").put("accountId", w.authorAccountId);
    p.putObject("updater")
        .put(
            "accountId",
            change.updaterAccountId() == null ? w.authorAccountId : change.updaterAccountId());
    p.put("startDate", w.startDate.toString());
    p.put("startTime", TempoJson.hhmmss(w));
    p.put("timeSpentSeconds", w.timeSpentSeconds);
    p.put("billableSeconds", w.billableSeconds);
    p.put("description", w.description);
    p.put("createdAt", w.createdAt.toString());
    p.put("updatedAt", w.updatedAt.toString());
    return root.toString();
  }

  /** The eventId goes first in the body, as Tempo puts it; it is the same on every retry. */
  static String withEventId(String body, String eventId) {
    return "{\"eventId\":\"" + eventId + "\"," + body.substring(1);
  }

  /** Hex HMAC-SHA256 over the raw body bytes followed by the timestamp. */
  static String sign(String secret, byte[] body, String timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(body);
      return HexFormat.of().formatHex(mac.doFinal(timestamp.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void record(Delivery d) {
    synchronized (deliveries) {
      deliveries.addLast(d);
      if (deliveries.size() > 100_000) {
        deliveries.removeFirst();
      }
    }
  }

  public List<Delivery> deliveries(String site) {
    synchronized (deliveries) {
      return deliveries.stream().filter(d -> d.site().equals(site)).toList();
    }
  }

  public void clear() {
    synchronized (deliveries) {
      deliveries.clear();
    }
  }
}
