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

  // Registered as soon as the process is up: until then a change waits for the next poll (the
  // first worklogs after a start came up to 2 s later than the rest in the latency benchmark).
  @Scheduled(
      every = "5m",
      delayed = "PT0.5S",
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

  /**
   * Registers {@code <publicUrl>/webhooks/tempo/<site>} for each worklog event. A subscription
   * Tempo already holds for that url and event is adopted (its secret from our records or from
   * Tempo's listing) and reactivated with a refresh when Tempo deactivated it; one whose secret
   * nobody can tell is replaced. Ids are Tempo's UUID strings.
   */
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
      Optional<WebhookSubscriptionInfo> held = find(existing, url, event);
      if (held.isPresent() && adopt(site, tempo, held.get(), known, url)) {
        continue;
      }
      held.ifPresent(h -> tempo.unsubscribe(h.id()));
      Optional<WebhookSubscriptionInfo> created = tempo.subscribe(url, event);
      if (created.isEmpty()) {
        // 409: a subscription appeared since the listing (another pod); adopt it next round.
        Log.infof("%s: Tempo already holds a %s subscription for %s", site, event, url);
        continue;
      }
      remember(site, event, url, created.get().id(), created.get().sharedSecret());
      Log.infof("%s: subscribed to Tempo %s webhooks at %s", site, event, url);
    }
    secrets.reload(site);
  }

  private static Optional<WebhookSubscriptionInfo> find(
      List<WebhookSubscriptionInfo> existing, String url, String event) {
    return existing.stream()
        .filter(s -> event.equals(s.event()) && url.equals(s.url()))
        .findFirst();
  }

  /** Keeps Tempo's subscription when its secret is known; false when it must be replaced. */
  private boolean adopt(
      String site,
      TempoClient tempo,
      WebhookSubscriptionInfo held,
      Optional<WebhookSubscription> known,
      String url) {
    String secret =
        known.filter(k -> held.id().equals(k.subscriptionId)).map(k -> k.sharedSecret).orElse(null);
    if (secret == null) {
      secret = held.sharedSecret();
    }
    if (secret == null) {
      return false;
    }
    if (!held.active()) {
      tempo.refresh(held.id());
      Log.infof("%s: reactivated the Tempo %s subscription %s", site, held.event(), held.id());
    }
    if (known.isEmpty()
        || !held.id().equals(known.get().subscriptionId)
        || !url.equals(known.get().url)) {
      remember(site, held.event(), url, held.id(), secret);
    }
    return true;
  }

  private static void remember(String site, String event, String url, String id, String secret) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              WebhookSubscription.deleteById(new WebhookSubscription.Key(site, event));
              WebhookSubscription row = new WebhookSubscription();
              row.site = site;
              row.event = event;
              row.subscriptionId = id;
              row.url = url;
              row.sharedSecret = secret;
              row.createdAt = Instant.now();
              row.persist();
            });
  }
}
