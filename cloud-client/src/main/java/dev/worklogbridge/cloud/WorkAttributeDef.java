package dev.worklogbridge.cloud;

import java.util.List;

/** A Tempo work attribute definition. */
public record WorkAttributeDef(
    String key, String name, String type, boolean required, List<String> values) {}
