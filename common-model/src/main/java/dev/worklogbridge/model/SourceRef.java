package dev.worklogbridge.model;

/** The worklog whose change an event reports: the origin, or a replica a person edited. */
public record SourceRef(String site, long tempoWorklogId, Long jiraWorklogId) {}
