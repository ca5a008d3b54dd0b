package dev.worklogbridge.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.model.Attribute;
import dev.worklogbridge.model.LineageMarker;
import dev.worklogbridge.model.WorklogContent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A Tempo v4 worklog as the API answers it. Start date and time stay wall-clock values. */
public record TempoWorklog(
    long tempoWorklogId,
    long issueId,
    String authorAccountId,
    LocalDate startDate,
    LocalTime startTime,
    long timeSpentSeconds,
    long billableSeconds,
    String description,
    List<Attribute> attributes,
    Instant createdAt,
    Instant updatedAt) {

  static TempoWorklog from(JsonNode n) {
    List<Attribute> attributes = new ArrayList<>();
    n.path("attributes")
        .path("values")
        .forEach(
            a ->
                attributes.add(
                    new Attribute(
                        a.path("key").asText(),
                        a.get("value") == null || a.get("value").isNull()
                            ? null
                            : a.get("value").asText())));
    long timeSpent = n.path("timeSpentSeconds").asLong();
    return new TempoWorklog(
        n.path("tempoWorklogId").asLong(),
        n.path("issue").path("id").asLong(),
        n.path("author").path("accountId").asText(null),
        LocalDate.parse(n.path("startDate").asText()),
        n.hasNonNull("startTime")
            ? LocalTime.parse(n.get("startTime").asText())
            : LocalTime.MIDNIGHT,
        timeSpent,
        n.hasNonNull("billableSeconds") ? n.get("billableSeconds").asLong() : timeSpent,
        n.path("description").asText(""),
        List.copyOf(attributes),
        instant(n.get("createdAt")),
        instant(n.get("updatedAt")));
  }

  private static Instant instant(JsonNode n) {
    return n == null || n.isNull() ? null : Instant.parse(n.asText());
  }

  /** The lineage this worklog is a replica of, when it carries the bridge's marker. */
  public Optional<String> lineageMarker() {
    return attributes.stream()
        .filter(
            a ->
                LineageMarker.ATTRIBUTE_KEY.equals(a.key())
                    && a.value() != null
                    && !a.value().isBlank())
        .map(Attribute::value)
        .findFirst();
  }

  /** The person-editable content (without the marker), for hashing and comparing. */
  public WorklogContent content() {
    return new WorklogContent(
        authorAccountId,
        startDate,
        startTime,
        timeSpentSeconds,
        billableSeconds,
        description,
        WorklogContent.toMap(attributes));
  }
}
