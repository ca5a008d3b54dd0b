package dev.worklogbridge.simulator.model;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;

/** A validated Tempo create or update body (issueId is null for updates: a worklog cannot move). */
public record WorklogInput(
    String authorAccountId,
    Long issueId,
    LocalDate startDate,
    LocalTime startTime,
    long timeSpentSeconds,
    Long billableSeconds,
    String description,
    Long remainingEstimateSeconds,
    Map<String, String> attributes,
    boolean bypassPeriodClosures) {}
