package dev.worklogbridge.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What happened to the source worklog. */
public enum EventType {
  CREATED,
  UPDATED,
  DELETED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static EventType fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
