package dev.worklogbridge.model;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Exactly the fields of a worklog a person can change, normalised so that the same worklog read
 * from Tempo, carried in an event, or about to be sent in a request compares (and hashes) equal.
 * The bridge's own lineage marker is not content.
 */
public record WorklogContent(
    String authorAccountId,
    LocalDate startDate,
    LocalTime startTime,
    long timeSpentSeconds,
    long billableSeconds,
    String description,
    SortedMap<String, String> attributes) {

  public WorklogContent {
    startTime = startTime == null ? LocalTime.MIDNIGHT : startTime.withNano(0);
    description = description == null ? "" : description;
    TreeMap<String, String> sorted = new TreeMap<>();
    if (attributes != null) {
      attributes.forEach(
          (k, v) -> {
            if (!LineageMarker.ATTRIBUTE_KEY.equals(k)) {
              sorted.put(k, v == null ? "" : v);
            }
          });
    }
    attributes = Collections.unmodifiableSortedMap(sorted);
  }

  /** From an event's worklog state; a missing billable value means Tempo's default, all of it. */
  public static WorklogContent of(String authorAccountId, WorklogState state) {
    return new WorklogContent(
        authorAccountId,
        state.startDate(),
        state.startTime(),
        state.timeSpentSeconds(),
        state.billableSeconds() == null ? state.timeSpentSeconds() : state.billableSeconds(),
        state.description(),
        toMap(state.attributes()));
  }

  public static SortedMap<String, String> toMap(Collection<Attribute> attributes) {
    TreeMap<String, String> map = new TreeMap<>();
    if (attributes != null) {
      attributes.forEach(a -> map.put(a.key(), a.value()));
    }
    return map;
  }

  /** SHA-256 hex of the canonical form; see {@link ContentHash}. */
  public String hash() {
    return ContentHash.of(this);
  }

  /**
   * The hash without attributes: all a Tempo webhook payload lets one compute (it carries no
   * attributes), good enough to recognise the echo of one's own write without asking Tempo.
   */
  public String coreHash() {
    return ContentHash.of(
        new WorklogContent(
            authorAccountId,
            startDate,
            startTime,
            timeSpentSeconds,
            billableSeconds,
            description,
            null));
  }
}
