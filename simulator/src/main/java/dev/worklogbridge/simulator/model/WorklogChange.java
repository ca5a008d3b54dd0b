package dev.worklogbridge.simulator.model;

/**
 * What a site tells its webhook dispatcher: worklog.created, worklog.updated or worklog.deleted.
 */
public record WorklogChange(
    String site, String eventType, SimWorklog snapshot, String updaterAccountId) {}
