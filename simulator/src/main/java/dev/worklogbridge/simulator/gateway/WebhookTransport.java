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
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** What the Tempo and Jira webhook dispatchers share: the HTTP client and the delivery threads. */
@ApplicationScoped
public class WebhookTransport {

  @Inject SiteRegistry registry;

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private final ScheduledExecutorService executor =
      Executors.newScheduledThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "webhook-delivery");
            t.setDaemon(true);
            return t;
          });

  void stop(@Observes ShutdownEvent event) {
    executor.shutdownNow();
  }

  /** Runs a delivery attempt on a delivery thread: now, or after the configured retry delay. */
  public void run(Runnable attempt, boolean retry) {
    if (retry) {
      executor.schedule(attempt, registry.settings().webhookRetryDelayMs, TimeUnit.MILLISECONDS);
    } else {
      executor.execute(attempt);
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
