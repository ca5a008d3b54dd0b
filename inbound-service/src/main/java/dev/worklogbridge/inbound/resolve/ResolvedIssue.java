package dev.worklogbridge.inbound.resolve;

/** The issue on the target site that carries a lineage's replica, and how it was found. */
public record ResolvedIssue(long id, String key, String how) {}
