package dev.worklogbridge.simulator.model;

import java.time.Instant;

/** A papertrail entry: a Tempo worklog that was deleted, and when. */
public record DeletedWorklog(
    long sequence, long tempoWorklogId, long jiraWorklogId, long issueId, Instant deletedAt) {}
