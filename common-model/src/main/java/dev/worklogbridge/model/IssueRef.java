package dev.worklogbridge.model;

/** A Jira issue on the source site: Tempo's numeric id and, once enriched, the key. */
public record IssueRef(long id, String key) {}
