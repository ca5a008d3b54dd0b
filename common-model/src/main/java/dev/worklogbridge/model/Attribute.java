package dev.worklogbridge.model;

/** A Tempo work attribute value, e.g. {@code _Account_ = ACC-1}. Values are strings. */
public record Attribute(String key, String value) {}
