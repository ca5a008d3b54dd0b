package dev.worklogbridge.store.ledger;

import java.time.Instant;

/** A link row's version only moves forward. */
final class Versions {

  private Versions() {}

  /** The later of two versions, either of which may be unknown (null). */
  static Instant max(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
