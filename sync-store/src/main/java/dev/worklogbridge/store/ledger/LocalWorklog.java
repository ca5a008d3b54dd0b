package dev.worklogbridge.store.ledger;

import dev.worklogbridge.model.WorklogContent;

/**
 * A worklog on a site as its link row records it: its id (Tempo's, or Jira's on a site without
 * Tempo), its issue and the content the bridge knows it to hold.
 */
public record LocalWorklog(long worklogId, long issueId, WorklogContent content) {}
