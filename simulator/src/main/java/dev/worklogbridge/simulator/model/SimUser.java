package dev.worklogbridge.simulator.model;

/**
 * A Jira user. {@code accountType} is atlassian, app or customer; the email is shown only when the
 * user's privacy settings allow it.
 */
public record SimUser(
    String accountId,
    String accountType,
    String displayName,
    String email,
    boolean emailVisible,
    String timeZone,
    boolean active) {}
