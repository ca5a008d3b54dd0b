package dev.worklogbridge.simulator.model;

/**
 * A Jira worklog created, updated or deleted on a site ({@code webhookEvent} is {@code
 * worklog_created}, {@code worklog_updated} or {@code worklog_deleted}), as Jira's webhooks report
 * it: the Jira twins of Tempo worklogs included.
 */
public record JiraWorklogChange(String site, String webhookEvent, JiraWorklog snapshot) {}
