package dev.worklogbridge.runtime.events;

import dev.worklogbridge.cloud.JiraIssue;
import dev.worklogbridge.cloud.JiraUser;
import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.cloud.WorkAttributeDef;
import dev.worklogbridge.model.Attribute;
import dev.worklogbridge.model.AuthorRef;
import dev.worklogbridge.model.EventType;
import dev.worklogbridge.model.IssueRef;
import dev.worklogbridge.model.Lineage;
import dev.worklogbridge.model.LineageMarker;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.SourceRef;
import dev.worklogbridge.model.WorklogContent;
import dev.worklogbridge.model.WorklogState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds the replica event of a Tempo worklog as it is now: what the outbound side publishes, and
 * what a dry run previews. The lineage marker never travels as an attribute.
 */
public final class ReplicaEvents {

  private ReplicaEvents() {}

  /** A list value (a per-site id) travels with the text a person sees for it. */
  private static Attribute shown(Attribute a, WorkAttributeDef def) {
    return def != null && def.hasSiteValues() && a.value() != null
        ? new Attribute(a.key(), a.value(), def.shown(a.value()))
        : a;
  }

  public static ReplicaEvent of(
      String connection,
      String site,
      String lineage,
      EventType type,
      TempoWorklog w,
      Optional<JiraIssue> issue,
      Optional<JiraUser> author,
      Map<String, WorkAttributeDef> attributeDefs) {
    List<Attribute> attributes =
        w.attributes().stream()
            .filter(a -> !LineageMarker.ATTRIBUTE_KEY.equals(a.key()))
            .map(a -> shown(a, attributeDefs.get(a.key())))
            .toList();
    WorklogState state =
        new WorklogState(
            w.startDate(),
            w.startTime(),
            w.timeSpentSeconds(),
            w.billableSeconds(),
            w.description(),
            null,
            attributes,
            w.createdAt(),
            w.updatedAt());
    AuthorRef authorRef =
        new AuthorRef(
            w.authorAccountId(),
            author.map(JiraUser::displayName).orElse(null),
            author.map(JiraUser::email).orElse(null));
    return new ReplicaEvent(
        ReplicaEvent.SCHEMA_VERSION,
        UUID.randomUUID().toString(),
        type,
        connection,
        Lineage.parse(lineage),
        new SourceRef(site, w.tempoWorklogId(), null),
        w.updatedAt() != null ? w.updatedAt() : Instant.now(),
        Instant.now(),
        new IssueRef(w.issueId(), issue.map(JiraIssue::key).orElse(null)),
        authorRef,
        state,
        WorklogContent.of(authorRef.accountId(), state).hash());
  }
}
