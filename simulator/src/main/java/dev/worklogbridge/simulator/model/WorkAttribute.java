package dev.worklogbridge.simulator.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Tempo work attribute definition. Types: ACCOUNT, CHECKBOX, INPUT_FIELD, INPUT_NUMERIC,
 * STATIC_LIST. A STATIC_LIST's {@code values} are this site's value ids; {@code names} maps each id
 * to the text a person sees (an id without a name shows as itself).
 */
public record WorkAttribute(
    String key,
    String name,
    String type,
    boolean required,
    List<String> values,
    Map<String, String> names) {

  public WorkAttribute {
    Map<String, String> all = new LinkedHashMap<>();
    for (String v : values) {
      all.put(v, names != null && names.containsKey(v) ? names.get(v) : v);
    }
    names = Map.copyOf(all);
    values = List.copyOf(values);
  }

  public WorkAttribute(
      String key, String name, String type, boolean required, List<String> values) {
    this(key, name, type, required, values, null);
  }
}
