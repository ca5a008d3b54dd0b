package dev.worklogbridge.inbound.resolve;

import dev.worklogbridge.cloud.WorkAttributeDef;
import dev.worklogbridge.model.Attribute;
import java.util.Map;

/**
 * Translates one attribute value to the target site. STATIC_LIST and ACCOUNT values are per-site
 * ids (a value copied verbatim is usually unknown on the other site, and Tempo answers 400): the
 * connection's configured value map wins, then the target's value a person sees under the same
 * text; a value with neither is left out, with the reason. Other types travel as they are.
 */
final class AttributeValues {

  /** The value to send, or, when {@code value} is null, why the attribute is left out. */
  record Translated(String value, String leftOut) {
    boolean carried() {
      return leftOut == null;
    }
  }

  private AttributeValues() {}

  static Translated translate(
      Attribute a, WorkAttributeDef target, Map<String, String> configured, String targetSite) {
    if (a.value() != null && configured != null && configured.containsKey(a.value())) {
      return new Translated(configured.get(a.value()), null);
    }
    if (target == null || !target.hasSiteValues() || a.value() == null) {
      return new Translated(a.value(), null);
    }
    String text = a.shown() != null ? a.shown() : a.value();
    return target
        .valueShownAs(text)
        .map(v -> new Translated(v, null))
        .orElseGet(
            () ->
                new Translated(
                    null,
                    a.key()
                        + ": '"
                        + text
                        + "' has no counterpart on "
                        + targetSite
                        + " (map it in attribute-values)"));
  }
}
