package dev.worklogbridge.outbound.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.cloud.CloudException;
import dev.worklogbridge.model.WorklogContent;
import dev.worklogbridge.outbound.detect.ChangeProcessor;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.site.SiteHealth;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.store.LineageLink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Handles a verified webhook delivery off the HTTP thread. A payload whose content is exactly what
 * the bridge last wrote or published is recognised without a call to Tempo (payloads carry no
 * attributes, so the comparison leaves them out); anything else is read in full and processed.
 */
@ApplicationScoped
public class WebhookHandler {

  @Inject ChangeProcessor processor;
  @Inject dev.worklogbridge.outbound.detect.Poller poller;
  @Inject Connections connections;
  @Inject Sites sites;
  @Inject SiteHealth health;
  @Inject MeterRegistry metrics;

  private final ExecutorService executor =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "webhook-handler");
            t.setDaemon(true);
            return t;
          });

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }

  public void submit(String site, JsonNode delivery, long receivedNanos) {
    executor.execute(
        () -> {
          try {
            handle(site, delivery, receivedNanos);
            Timer.builder("worklog_bridge_webhook_to_publish")
                .tag("site", site)
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(metrics)
                .record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
          } catch (CloudException e) {
            if (e.isAuth()) {
              health.authFailed(
                  site, "tempo", "Tempo rejected the token (401) handling a webhook: replace it");
            }
            Log.warnf("%s: webhook left to the poll: %s", site, e.getMessage());
          } catch (RuntimeException e) {
            Log.errorf(e, "%s: webhook left to the poll", site);
          }
        });
  }

  void handle(String site, JsonNode delivery, long receivedNanos) {
    String type = delivery.path("eventType").asText();
    JsonNode p = delivery.path("payload");
    long id = p.path("tempoWorklogId").asLong();
    if ("worklog.deleted".equals(type)) {
      processor.worklogDeleted(site, id, Instant.now(), "webhook");
      return;
    }
    if (!"worklog.created".equals(type) && !"worklog.updated".equals(type)) {
      return;
    }
    if (isEcho(site, id, p)) {
      metrics.counter("worklog_bridge_echoes_suppressed", "site", site).increment();
      return;
    }
    // Payloads carry no attributes (the lineage marker among them): read the change by polling,
    // which serves every webhook of a burst with one request per page.
    poller.pollAfter(site, receivedNanos);
  }

  private boolean isEcho(String site, long id, JsonNode p) {
    String core;
    try {
      long timeSpent = p.path("timeSpentSeconds").asLong();
      core =
          new WorklogContent(
                  p.path("author").path("accountId").asText(null),
                  LocalDate.parse(p.path("startDate").asText()),
                  p.hasNonNull("startTime")
                      ? LocalTime.parse(p.get("startTime").asText())
                      : LocalTime.MIDNIGHT,
                  timeSpent,
                  p.hasNonNull("billableSeconds") ? p.get("billableSeconds").asLong() : timeSpent,
                  p.path("description").asText(""),
                  null)
              .coreHash();
    } catch (RuntimeException e) {
      return false;
    }
    long issueId = p.path("issue").path("id").asLong();
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<LineageLink> rows = LineageLink.ofLocalWorklog(site, id);
              if (!rows.isEmpty()) {
                return rows.stream().allMatch(r -> core.equals(r.lastCoreHash));
              }
              return connections.including(site).stream()
                  .anyMatch(
                      c ->
                          LineageLink.findPendingByCore(c.name(), site, issueId, core).isPresent());
            });
  }
}
