package dev.worklogbridge.simulator.model;

import java.time.Instant;
import java.util.List;

/**
 * A Jira dynamic webhook ({@code POST /rest/api/3/webhook}): worklog events of the issues its JQL
 * filter matches, delivered to {@code url}. Jira lets such webhooks expire after 30 days unless
 * refreshed.
 */
public record JiraWebhook(
    long id, String url, List<String> events, String jqlFilter, Instant expires) {}
