package dev.worklogbridge.cloud;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One answer of a site's API, read in full: its status, its body and its Retry-After header (when
 * it has one). The REST Client's response is closed once this is made.
 */
public record Answer(int status, byte[] body, Optional<String> retryAfter) {

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
