package dev.worklogbridge.cloud;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Tempo work attribute definition. For STATIC_LIST and ACCOUNT attributes the values are this
 * site's ids (list value ids, account keys); {@code names} holds the text a person sees for each.
 */
public record WorkAttributeDef(
    String key,
    String name,
    String type,
    boolean required,
    List<String> values,
    Map<String, String> names) {

  public WorkAttributeDef {
    values = values == null ? List.of() : List.copyOf(values);
    names = names == null ? Map.of() : Map.copyOf(names);
  }

  /** Whether its values are per-site ids, so that a value means nothing on another site. */
  public boolean hasSiteValues() {
    return "STATIC_LIST".equals(type) || "ACCOUNT".equals(type);
  }

  /** The text a person sees for a value (the value itself when no name is given). */
  public String shown(String value) {
    return value == null ? null : names.getOrDefault(value, value);
  }

  /** This site's value that a person sees as {@code text}, if any (case does not matter). */
  public Optional<String> valueShownAs(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    return values.stream()
        .filter(v -> shown(v).trim().toLowerCase(Locale.ROOT).equals(wanted))
        .findFirst();
  }
}
