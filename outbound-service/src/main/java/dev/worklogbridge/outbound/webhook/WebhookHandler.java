package dev.worklogbridge.outbound.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.cloud.CloudException;
import dev.worklogbridge.model.WorklogContent;
import dev.worklogbridge.outbound.detect.SightingPublisher;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.priority.BacklogThreads;
import dev.worklogbridge.runtime.site.SiteHealth;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.runtime.tracing.BridgeSpans;
import dev.worklogbridge.store.LineageLink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Handles verified webhook deliveries off the HTTP thread, in batches per site: whatever arrived
 * while the last batch was handled is handled together (one query for the echo check, one poll for
 * all real news), so a burst of thousands of deliveries costs a few queries, not thousands. A
 * payload whose content is exactly what the bridge last wrote or published is recognised without a
 * call to Tempo (payloads carry no attributes, so the comparison leaves them out); anything else is
 * read by a poll and processed.
 */
@ApplicationScoped
public class WebhookHandler {

  /** The most deliveries handled together. */
  static final int BATCH = 1000;

  @Inject SightingPublisher sightings;
  @Inject dev.worklogbridge.outbound.detect.DeletionPublisher deletions;
  @Inject dev.worklogbridge.outbound.detect.Poller poller;
  @Inject Connections connections;
  @Inject Sites sites;
  @Inject SiteHealth health;
  @Inject MeterRegistry metrics;
  @Inject BridgeSpans spans;
  @Inject BacklogThreads backlogThreads;

  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "webhook-handler");
            t.setDaemon(true);
            return t;
          });

  /** A delivery, with the trace context of the request that brought it. */
  private record Delivery(JsonNode body, long receivedNanos, Context request) {}

  private final Map<String, Queue<Delivery>> queues = new ConcurrentHashMap<>();
  private final Map<String, AtomicBoolean> draining = new ConcurrentHashMap<>();

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }

  public void submit(String site, JsonNode delivery, long receivedNanos) {
    queues
        .computeIfAbsent(site, k -> new ConcurrentLinkedQueue<>())
        .add(new Delivery(delivery, receivedNanos, Context.current()));
    if (draining.computeIfAbsent(site, k -> new AtomicBoolean()).compareAndSet(false, true)) {
      executor.execute(() -> drain(site));
    }
  }

  /** One drainer per site at a time; it stops when the queue is empty. */
  private void drain(String site) {
    Queue<Delivery> queue = queues.get(site);
    AtomicBoolean flag = draining.get(site);
    while (true) {
      List<Delivery> batch = new ArrayList<>();
      for (Delivery d = queue.poll(); d != null; d = batch.size() < BATCH ? queue.poll() : null) {
        batch.add(d);
      }
      if (batch.isEmpty()) {
        flag.set(false);
        // A delivery added between the last poll and the reset is picked up here or by the
        // drainer its submit started.
        if (queue.isEmpty() || !flag.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      try {
        // A burst's batch (a backfill's thousands of creates) on the backlog threads: the quiet
        // sites' lone webhooks, drained beside it, take a core first.
        backlogThreads.run(batch.size(), () -> traced(site, batch));
        Timer timer =
            Timer.builder("worklog_bridge_webhook_to_publish")
                .tag("site", site)
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(metrics);
        long now = System.nanoTime();
        for (Delivery d : batch) {
          timer.record(now - d.receivedNanos(), TimeUnit.NANOSECONDS);
        }
      } catch (CloudException e) {
        if (e.isAuth()) {
          health.authFailed(
              site, "tempo", "Tempo rejected the token (401) handling a webhook: replace it");
        }
        Log.warnf("%s: webhook(s) left to the poll: %s", site, e.getMessage());
      } catch (InterruptedException e) {
        // The process is stopping: what is left is read by the next process's poll.
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // Also what a drain still running while the process shuts down meets: left to the poll.
        Log.errorf(e, "%s: webhook(s) left to the poll", site);
      }
    }
  }

  /** Handles a batch inside a span linked to the requests that delivered it. */
  private void traced(String site, List<Delivery> batch) {
    Span span = spans.webhooks(site, batch.stream().map(Delivery::request).toList());
    try (Scope scope = span.makeCurrent()) {
      handle(site, batch);
    } catch (RuntimeException e) {
      BridgeSpans.failed(span, e);
      throw e;
    } finally {
      span.end();
    }
  }

  private void handle(String site, List<Delivery> batch) {
    List<Payload> changed = new ArrayList<>();
    for (Delivery d : batch) {
      String type = d.body().path("eventType").asText();
      JsonNode p = d.body().path("payload");
      long id = p.path("tempoWorklogId").asLong();
      if ("worklog.deleted".equals(type)) {
        deletions.worklogDeleted(site, id, Instant.now(), "webhook");
      } else if ("worklog.created".equals(type) || "worklog.updated".equals(type)) {
        changed.add(new Payload(id, p.path("issue").path("id").asLong(), coreHash(p), d));
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    java.util.Set<Long> echoes = echoes(site, changed);
    long oldestNews = Long.MAX_VALUE;
    for (Payload p : changed) {
      if (echoes.contains(p.id())) {
        metrics
            .counter("worklog_bridge_echoes_suppressed", "site", site, "via", "webhook-payload")
            .increment();
      } else {
        oldestNews = Math.min(oldestNews, p.delivery().receivedNanos());
      }
    }
    if (oldestNews != Long.MAX_VALUE) {
      // Payloads carry no attributes (the lineage marker among them): read the changes by polling,
      // which serves every webhook of a burst with one request per page.
      poller.pollAfter(site, oldestNews);
    }
  }

  private record Payload(long id, long issueId, String core, Delivery delivery) {}

  /** The hash of the payload's content without attributes; null when it cannot be read. */
  private static String coreHash(JsonNode p) {
    try {
      long timeSpent = p.path("timeSpentSeconds").asLong();
      return new WorklogContent(
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
      return null;
    }
  }

  /**
   * The worklog ids whose payload is exactly what the bridge last wrote or published (all their
   * rows agree), or a create in flight from the inbound side (no row yet, a pending one matches).
   */
  private java.util.Set<Long> echoes(String site, List<Payload> changed) {
    List<Payload> readable = changed.stream().filter(p -> p.core() != null).toList();
    if (readable.isEmpty()) {
      return java.util.Set.of();
    }
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              // The pending creates first, then the rows: a create the inbound records between the
              // two queries (one update turns its pending row into a live one) is seen by one of
              // them. In the other order it fell between both (each query sees what is committed
              // when it runs): 137 of a backfill's 10,000 webhooks, each one a poll on the token
              // the writer needs.
              List<Long> issues = readable.stream().map(Payload::issueId).distinct().toList();
              java.util.Set<String> pending = new java.util.HashSet<>();
              for (Connections.View c : connections.including(site)) {
                pending.addAll(LineageLink.pendingCoreKeys(c.name(), site, issues));
              }
              Map<Long, List<String>> rows =
                  LineageLink.coreHashesOfLocalWorklogs(
                      site, readable.stream().map(Payload::id).distinct().toList());
              java.util.Set<Long> out = new java.util.HashSet<>();
              for (Payload p : readable) {
                List<String> mine = rows.get(p.id());
                boolean echo =
                    mine != null
                        ? mine.stream().allMatch(h -> p.core().equals(h))
                        : pending.contains(p.issueId() + "|" + p.core());
                if (echo) {
                  out.add(p.id());
                }
              }
              return out;
            });
  }
}
