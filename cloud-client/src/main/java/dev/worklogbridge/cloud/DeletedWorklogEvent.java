package dev.worklogbridge.cloud;

import java.time.Instant;

/** A papertrail entry: which Tempo worklog was deleted, and when. */
public record DeletedWorklogEvent(long tempoWorklogId, Instant deletedAt) {}
