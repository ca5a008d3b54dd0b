package dev.worklogbridge.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/** Valid events to start each test from. */
final class SampleEvents {

  private SampleEvents() {}

  static WorklogState state(String description, List<Attribute> attributes) {
    return new WorklogState(
        LocalDate.parse("2026-08-24"),
        LocalTime.parse("16:00:00"),
        3600,
        1800L,
        description,
        null,
        attributes,
        Instant.parse("2026-08-24T16:41:41Z"),
        Instant.parse("2026-08-24T16:41:41.123Z"));
  }

  static ReplicaEvent created() {
    AuthorRef author = new AuthorRef("5b10a2844c20165700ede21g", "Ada Lovelace", null);
    WorklogState state =
        state("Investigating a problem", List.of(new Attribute("_Account_", "ACC-1")));
    return new ReplicaEvent(
        ReplicaEvent.SCHEMA_VERSION,
        UUID.fromString("7f0c4a1e-6f43-4e0e-9a3b-2a4f1c0d9e11").toString(),
        EventType.CREATED,
        "acme",
        new Lineage("jca", 126),
        new SourceRef("jca", 126, 10100L),
        state.updatedAt(),
        Instant.parse("2026-08-24T16:41:42Z"),
        new IssueRef(10001, "ESC-1"),
        author,
        state,
        WorklogContent.of(author.accountId(), state).hash());
  }

  static ReplicaEvent deleted() {
    return new ReplicaEvent(
        ReplicaEvent.SCHEMA_VERSION,
        UUID.randomUUID().toString(),
        EventType.DELETED,
        "acme",
        new Lineage("jca", 126),
        new SourceRef("jca", 126, null),
        Instant.parse("2026-08-25T09:00:00Z"),
        Instant.parse("2026-08-25T09:00:01Z"),
        null,
        null,
        null,
        null);
  }
}
