package dev.worklogbridge.simulator.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The webhooks registered on a site: Tempo's subscriptions (at most 10, one per event and URL, UUID
 * ids) and Jira's dynamic webhooks (at most 100 per app, expiring after 30 days). Every method is
 * synchronized.
 */
public final class SiteWebhooks {

  private final Map<String, WebhookSubscription> subscriptions = new LinkedHashMap<>();
  private final Map<Long, JiraWebhook> jiraWebhooks = new LinkedHashMap<>();
  private long nextJiraWebhookId = 1;

  public synchronized WebhookSubscription subscribe(
      String url, String event, String name, String secret) {
    boolean duplicate =
        subscriptions.values().stream().anyMatch(s -> s.event.equals(event) && s.url.equals(url));
    if (duplicate) {
      throw new ApiError(409, "A subscription for " + event + " to this URL exists");
    }
    if (subscriptions.size() >= 10) {
      throw ApiError.badRequest("At most 10 webhook subscriptions are allowed");
    }
    WebhookSubscription s =
        new WebhookSubscription(
            UUID.randomUUID().toString(), url, event, name, secret, SimSite.now());
    subscriptions.put(s.id, s);
    return s;
  }

  public synchronized Collection<WebhookSubscription> subscriptions() {
    return new ArrayList<>(subscriptions.values());
  }

  public synchronized boolean unsubscribe(String id) {
    return subscriptions.remove(id) != null;
  }

  public synchronized WebhookSubscription subscription(String id) {
    return subscriptions.get(id);
  }

  public synchronized List<JiraWebhook> registerJiraWebhooks(
      String url, List<List<String>> events, List<String> jqlFilters) {
    if (jiraWebhooks.size() + events.size() > 100) {
      throw ApiError.badRequest("At most 100 webhooks can be registered per app");
    }
    List<JiraWebhook> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      JiraWebhook h =
          new JiraWebhook(
              nextJiraWebhookId++,
              url,
              List.copyOf(events.get(i)),
              jqlFilters.get(i),
              SimSite.now().plus(Duration.ofDays(30)));
      jiraWebhooks.put(h.id(), h);
      out.add(h);
    }
    return out;
  }

  public synchronized List<JiraWebhook> jiraWebhooks() {
    return new ArrayList<>(jiraWebhooks.values());
  }

  public synchronized void deleteJiraWebhooks(Collection<Long> ids) {
    ids.forEach(jiraWebhooks::remove);
  }
}
