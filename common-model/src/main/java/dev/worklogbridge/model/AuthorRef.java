package dev.worklogbridge.model;

/**
 * The person who logged the work. Atlassian account ids are the same on every Cloud site; the email
 * is present only when the user's privacy settings show it.
 */
public record AuthorRef(String accountId, String displayName, String email) {}
