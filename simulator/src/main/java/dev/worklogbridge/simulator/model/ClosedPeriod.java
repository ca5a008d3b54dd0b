package dev.worklogbridge.simulator.model;

import java.time.LocalDate;

/**
 * Dates (inclusive) whose worklogs cannot be created, edited or deleted without the bypass flag.
 */
public record ClosedPeriod(LocalDate from, LocalDate to) {
  public boolean contains(LocalDate date) {
    return date != null && !date.isBefore(from) && !date.isAfter(to);
  }
}
