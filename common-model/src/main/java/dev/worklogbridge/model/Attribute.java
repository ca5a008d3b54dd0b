package dev.worklogbridge.model;

/**
 * A Tempo work attribute value, e.g. {@code _Account_ = ACC-1}. Values are strings. For attributes
 * whose values are per-site ids (STATIC_LIST value ids, ACCOUNT keys), {@code shown} carries the
 * text a person sees on the source site, so the target can find its own value by that text; null
 * otherwise (and then left out of the event).
 */
public record Attribute(String key, String value, String shown) {

  public Attribute(String key, String value) {
    this(key, value, null);
  }
}
