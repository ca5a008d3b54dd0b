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
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a public URL is configured, makes sure each watched site has an active Tempo subscription
 * for worklog.created, .updated and .deleted pointing here. Tempo verifies the URL by calling it
 * and keeps a subscription inactive until it answered, so the first round runs when the HTTP server
 * is listening (not at a fixed delay after start: with twenty connections the server came up 0.9 s
 * after the first registrations, and that site's webhooks stayed inactive), each round is checked a
 * few seconds later and repaired until Tempo shows the subscriptions active, and a round every few
 * minutes repairs what Tempo deactivated after failed deliveries.
 */
@ApplicationScoped
public class WebhookRegistrar {

  static final List<String> EVENTS =
      List.of("worklog.created", "worklog.updated", "worklog.deleted");

  @Inject BridgeConfig config;
  @Inject Sites sites;
  @Inject Poller poller;
  @Inject WebhookSecrets secrets;

  /**
   * Checks of a site's new subscriptions before the registrar leaves them to the 5-minute round.
   */
  static final int CHECKS = 6;

  /** A site whose subscriptions Tempo has not yet shown active: where they point, checks made. */
  private record Unverified(String publicUrl, int checks) {}

  private final Map<String, Unverified> unverified = new ConcurrentHashMap<>();

  private volatile boolean listening;

  // Registered as soon as the server can answer Tempo's verification: until then a change waits
  // for the next poll (the first worklogs after a start came up to 2 s later than the rest).
  void serverUp(@ObservesAsync HttpServerStart event) {
    firstRound();
  }

  void serverUp(@ObservesAsync HttpsServerStart event) {
    firstRound();
  }

  private synchronized void firstRound() {
    if (!listening) {
      listening = true;
      ensureAll();
    }
  }

  @Scheduled(
      every = "5m",
      delayed = "5m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Poller.Disabled.class)
  void ensureAll() {
    if (config.outbound().publicUrl().isEmpty() || !listening) {
      return;
    }
    for (String site : poller.watchedSites()) {
      ensureSafely(site);
    }
  }

  /**
   * Checks the sites whose subscriptions were just registered or reactivated, and repairs the ones
   * Tempo still shows inactive, {@link #CHECKS} times; then says so and leaves them to the 5-minute
   * round (polling carries their changes meanwhile).
   */
  @Scheduled(
      every = "${bridge.outbound.webhook-check-interval:10s}",
      delayed = "${bridge.outbound.webhook-check-interval:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Poller.Disabled.class)
  public void checkUnverified() {
    for (Map.Entry<String, Unverified> e : Map.copyOf(unverified).entrySet()) {
      String site = e.getKey();
      Unverified u = e.getValue();
      if (u.checks() >= CHECKS) {
        unverified.remove(site);
        Log.warnf(
            "%s: Tempo still shows webhook subscriptions inactive after %d checks (it could not"
                + " verify the URL); polling carries every change, the next round repairs them",
            site, CHECKS);
      } else {
        unverified.put(site, new Unverified(u.publicUrl(), u.checks() + 1));
        ensureSafely(site, u.publicUrl());
      }
    }
  }

  private void ensureSafely(String site) {
    ensureSafely(site, config.outbound().publicUrl().orElseThrow());
  }

  private void ensureSafely(String site, String publicUrl) {
    try {
      ensure(site, publicUrl);
    } catch (CloudException e) {
      unverified.putIfAbsent(site, new Unverified(publicUrl, 0));
      Log.warnf(
          "%s: could not register webhooks (polling still covers every change): %s",
          site, e.getMessage());
    }
  }

  public void ensure(String site) {
    ensure(site, config.outbound().publicUrl().orElseThrow());
  }

  /**
   * Whether a check of {@code site}'s subscriptions is pending (Tempo has not shown them active).
   */
  public boolean awaitsVerification(String site) {
    return unverified.containsKey(site);
  }

  /**
   * Registers {@code <publicUrl>/webhooks/tempo/<site>} for each worklog event. A subscription
   * Tempo already holds for that url and event is adopted (its secret from our records or from
   * Tempo's listing) and reactivated with a refresh when Tempo deactivated it; one whose secret
   * nobody can tell is replaced. Ids are Tempo's UUID strings. Unless Tempo listed all three
   * active, the site is checked again in a few seconds.
   */
  public void ensure(String site, String publicUrl) {
    String url = publicUrl.replaceAll("/+$", "") + "/webhooks/tempo/" + site;
    TempoClient tempo = sites.site(site).requireTempo();
    List<WebhookSubscriptionInfo> existing = tempo.subscriptions();
    boolean allActive =
        EVENTS.stream().allMatch(e -> find(existing, url, e).filter(s -> s.active()).isPresent());
    if (allActive) {
      unverified.remove(site);
    } else {
      unverified.putIfAbsent(site, new Unverified(publicUrl, 0));
    }
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
