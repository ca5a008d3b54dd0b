package dev.worklogbridge.simulator.gateway;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** What the Tempo and Jira webhook dispatchers share: the HTTP client and the delivery threads. */
@ApplicationScoped
public class WebhookTransport {

  /** Deliveries in flight at once, all sites together. */
  private static final int DELIVERY_THREADS = 4;

  @Inject SiteRegistry registry;

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  /** Sites with deliveries waiting, each with its own queue, in the order they take turns. */
  private final Map<String, Deque<Runnable>> lanes = new LinkedHashMap<>();

  private final List<Thread> workers = new ArrayList<>();
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "webhook-retry");
            t.setDaemon(true);
            return t;
          });

  public WebhookTransport() {
    for (int i = 0; i < DELIVERY_THREADS; i++) {
      Thread t = new Thread(this::deliver, "webhook-delivery-" + i);
      t.setDaemon(true);
      t.start();
      workers.add(t);
    }
  }

  void stop(@Observes ShutdownEvent event) {
    retries.shutdownNow();
    workers.forEach(Thread::interrupt);
  }

  /**
   * Runs a delivery attempt of a site's on a delivery thread: now, or after the configured retry
   * delay. The threads take the sites with deliveries waiting in turn, one delivery each, so that a
   * site sending thousands does not hold back another site's (each site is its own Tempo or Jira
   * tenant); a site's own deliveries leave in the order they came.
   */
  public void run(String site, Runnable attempt, boolean retry) {
    if (retry) {
      retries.schedule(
          () -> enqueue(site, attempt),
          registry.settings().webhookRetryDelayMs,
          TimeUnit.MILLISECONDS);
    } else {
      enqueue(site, attempt);
    }
  }

  private void enqueue(String site, Runnable attempt) {
    synchronized (lanes) {
      lanes.computeIfAbsent(site, k -> new ArrayDeque<>()).add(attempt);
      lanes.notify();
    }
  }

  private void deliver() {
    while (!Thread.currentThread().isInterrupted()) {
      Runnable next;
      synchronized (lanes) {
        while (lanes.isEmpty()) {
          try {
            lanes.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        Iterator<Map.Entry<String, Deque<Runnable>>> first = lanes.entrySet().iterator();
        Map.Entry<String, Deque<Runnable>> lane = first.next();
        next = lane.getValue().poll();
        first.remove();
        if (!lane.getValue().isEmpty()) {
          // To the back of the line: every other site with deliveries waiting goes first.
          lanes.put(lane.getKey(), lane.getValue());
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        // A failed attempt is the dispatcher's to record; the thread goes on with the next.
      }
    }
  }

  /**
   * POSTs a JSON body with the configured timeout; the status, or 0 when there was no answer.
   *
   * @throws InterruptedException when the simulator is stopping
   */
  public int post(String url, Map<String, String> headers, String body)
      throws InterruptedException {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofMillis(registry.settings().webhookTimeoutMs))
              .header("Content-Type", "application/json");
      headers.forEach(b::header);
      return http.send(
              b.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      return 0;
    }
  }
}
