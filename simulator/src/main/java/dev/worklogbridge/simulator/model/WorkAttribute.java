package dev.worklogbridge.simulator.model;

import java.util.List;

/**
 * A Tempo work attribute definition. Types: ACCOUNT, CHECKBOX, INPUT_FIELD, INPUT_NUMERIC,
 * STATIC_LIST.
 */
public record WorkAttribute(
    String key, String name, String type, boolean required, List<String> values) {}
