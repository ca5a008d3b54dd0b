package dev.worklogbridge.simulator.model;

/** A Jira project: numeric id and key. */
public record SimProject(long id, String key, String name) {}
