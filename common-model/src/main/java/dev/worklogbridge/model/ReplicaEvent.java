package dev.worklogbridge.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One change of one Tempo worklog, as published on the connection's topic (schema v1, see {@code
 * schemas/replica-event-v1.schema.json}). For {@link EventType#DELETED} the issue, author and
 * worklog may be absent: the papertrail feed only tells which worklog went.
 */
public record ReplicaEvent(
    int schemaVersion,
    String eventId,
    EventType type,
    String connection,
    Lineage lineage,
    SourceRef source,
    Instant sourceVersion,
    Instant occurredAt,
    IssueRef issue,
    AuthorRef author,
    WorklogState worklog,
    String contentHash) {

  public static final int SCHEMA_VERSION = 1;

  /** The Kafka record key: all changes of one lineage go to one partition, in order. */
  public String key() {
    return lineage.id();
  }

  /**
   * Names the change, not the publication: the same for every redelivery and replay of this event
   * (and for a change both the webhook and the poll saw), different for every real change.
   */
  public String idempotencyKey() {
    String material =
        String.join(
            "\n",
            connection,
            lineage.id(),
            source.site(),
            Long.toString(source.tempoWorklogId()),
            sourceVersion.toString(),
            type.wireName(),
            contentHash == null ? "" : contentHash);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The person-editable content this event carries, or null for a bare delete. */
  public WorklogContent content() {
    return worklog == null || author == null
        ? null
        : WorklogContent.of(author.accountId(), worklog);
  }
}
