package dev.worklogbridge.simulator.jira;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.simulator.gateway.SiteRegistry;
import dev.worklogbridge.simulator.gateway.WebhookTransport;
import dev.worklogbridge.simulator.model.JiraWebhook;
import dev.worklogbridge.simulator.model.JiraWorklogChange;
import dev.worklogbridge.simulator.model.SimIssue;
import dev.worklogbridge.simulator.model.SimSite;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;

/**
 * Delivers Jira worklog webhooks ({@code worklog_created|updated|deleted}) to the dynamic webhooks
 * whose events and JQL filter match: a POST of {@code {timestamp, webhookEvent, worklog}} with an
 * {@code X-Atlassian-Webhook-Identifier} that stays the same across retries and an {@code
 * X-Atlassian-Webhook-Retry} count. The Jira twins of Tempo worklogs are reported as well.
 */
@ApplicationScoped
public class JiraWebhookDispatcher {

  @Inject SiteRegistry registry;

  @Inject WebhookTransport transport;

  void start(@Observes StartupEvent event) {
    registry.onJiraChange(this::dispatch);
  }

  private void dispatch(JiraWorklogChange change) {
    SimSite site = registry.site(change.site());
    if (site == null) {
      return;
    }
    for (JiraWebhook h : site.webhooks().jiraWebhooks()) {
      if (!h.events().contains(change.webhookEvent()) || !matches(site, h, change)) {
        continue;
      }
      ObjectNode body = JiraJson.JSON.createObjectNode();
      body.put("timestamp", System.currentTimeMillis());
      body.put("webhookEvent", change.webhookEvent());
      body.set("worklog", JiraJson.webhookWorklog(site, change.snapshot()));
      String identifier = UUID.randomUUID().toString();
      String text = body.toString();
      transport.run(site.name, () -> attempt(site.name, h, identifier, text, 0), false);
    }
  }

  private static boolean matches(SimSite site, JiraWebhook h, JiraWorklogChange change) {
    SimIssue issue = site.directory().issue(change.snapshot().issueId);
    return issue != null && Jql.parse(site, h.jqlFilter()).test(issue);
  }

  private void attempt(String site, JiraWebhook h, String identifier, String body, int retry) {
    int status;
    try {
      status =
          transport.post(
              h.url(),
              Map.of(
                  "X-Atlassian-Webhook-Identifier",
                  identifier,
                  "X-Atlassian-Webhook-Retry",
                  Integer.toString(retry)),
              body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (status >= 200 && status < 300) {
      return;
    }
    if (retry + 1 >= registry.settings().webhookMaxAttempts) {
      return;
    }
    transport.run(site, () -> attempt(site, h, identifier, body, retry + 1), true);
  }
}
