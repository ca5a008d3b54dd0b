package dev.worklogbridge.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * The worklog's fields as the source site holds them. Start date and time are the author's wall
 * clock and travel as text ({@code 2026-08-24}, {@code 16:00:00}); no time zone ever touches them.
 */
public record WorklogState(
    @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd") LocalDate startDate,
    @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "HH:mm:ss") LocalTime startTime,
    long timeSpentSeconds,
    Long billableSeconds,
    String description,
    Long remainingEstimateSeconds,
    List<Attribute> attributes,
    Instant createdAt,
    Instant updatedAt) {

  public WorklogState {
    attributes = attributes == null ? List.of() : List.copyOf(attributes);
    // Tempo has second resolution for the start; anything finer would not survive a round trip.
    startTime = startTime == null ? null : startTime.withNano(0);
  }
}
