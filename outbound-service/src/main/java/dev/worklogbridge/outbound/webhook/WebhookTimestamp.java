package dev.worklogbridge.outbound.webhook;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads a {@code Tempo-Timestamp}: documented as an ISO-8601 instant ({@code
 * 2023-05-08T15:03:35.786Z}). Epoch milliseconds are read too, since a header of digits has only
 * that meaning and refusing it would make Tempo retry and then deactivate the subscription.
 */
final class WebhookTimestamp {

  private WebhookTimestamp() {}

  /** The instant, or null when the header is missing or means nothing. */
  static Instant parse(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String t = header.trim();
    try {
      return t.chars().allMatch(Character::isDigit)
          ? Instant.ofEpochMilli(Long.parseLong(t))
          : Instant.parse(t);
    } catch (DateTimeParseException | NumberFormatException e) {
      return null;
    }
  }
}
