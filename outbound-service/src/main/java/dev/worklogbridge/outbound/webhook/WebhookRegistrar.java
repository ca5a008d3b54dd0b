package dev.worklogbridge.outbound.webhook;

import dev.worklogbridge.cloud.CloudException;
import dev.worklogbridge.cloud.TempoClient;
import dev.worklogbridge.cloud.WebhookSubscriptionInfo;
import dev.worklogbridge.outbound.detect.Poller;
import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.store.WebhookSubscription;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a public URL is configured, makes sure each watched site has an active Tempo subscription
 * for worklog.created, .updated and .deleted pointing here (Tempo verifies the URL by calling it,
 * so this runs once the HTTP server is up, and again every few minutes to repair what Tempo
 * deactivated after failed deliveries).
 */
@ApplicationScoped
public class WebhookRegistrar {

  static final List<String> EVENTS =
      List.of("worklog.created", "worklog.updated", "worklog.deleted");

  @Inject BridgeConfig config;
  @Inject Sites sites;
  @Inject Poller poller;
  @Inject WebhookSecrets secrets;

  @Scheduled(
      every = "5m",
      delayed = "3s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Poller.Disabled.class)
  void ensureAll() {
    if (config.outbound().publicUrl().isEmpty()) {
      return;
    }
    for (String site : poller.watchedSites()) {
      try {
        ensure(site);
      } catch (CloudException e) {
        Log.warnf(
            "%s: could not register webhooks (polling still covers every change): %s",
            site, e.getMessage());
      }
    }
  }

  public void ensure(String site) {
    ensure(site, config.outbound().publicUrl().orElseThrow());
  }

  /** Registers {@code <publicUrl>/webhooks/tempo/<site>} for each worklog event. */
  public void ensure(String site, String publicUrl) {
    String url = publicUrl.replaceAll("/+$", "") + "/webhooks/tempo/" + site;
    TempoClient tempo = sites.site(site).requireTempo();
    List<WebhookSubscriptionInfo> existing = tempo.subscriptions();
    for (String event : EVENTS) {
      Optional<WebhookSubscription> known =
          QuarkusTransaction.requiringNew()
              .call(
                  () ->
                      WebhookSubscription.<WebhookSubscription>findByIdOptional(
                          new WebhookSubscription.Key(site, event)));
      boolean active =
          known.isPresent()
              && known.get().url.equals(url)
              && existing.stream()
                  .anyMatch(s -> s.id() == known.get().subscriptionId && s.active());
      if (active) {
        continue;
      }
      existing.stream()
          .filter(s -> s.event().equals(event) && s.url().equals(url))
          .forEach(s -> tempo.unsubscribe(s.id()));
      WebhookSubscriptionInfo created = tempo.subscribe(url, event);
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                WebhookSubscription.deleteById(new WebhookSubscription.Key(site, event));
                WebhookSubscription row = new WebhookSubscription();
                row.site = site;
                row.event = event;
                row.subscriptionId = created.id();
                row.url = url;
                row.sharedSecret = created.sharedSecret();
                row.createdAt = Instant.now();
                row.persist();
              });
      Log.infof("%s: subscribed to Tempo %s webhooks at %s", site, event, url);
    }
    secrets.reload(site);
  }
}
