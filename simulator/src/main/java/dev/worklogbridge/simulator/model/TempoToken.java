package dev.worklogbridge.simulator.model;

import java.time.Instant;

/**
 * A Tempo API token of one site. {@code scope} VIEW allows reads only, MANAGE everything. The label
 * is what the request log shows: the token itself is never logged. {@code accountId} is the user
 * the token acts as; {@code canBypassPeriods} is Tempo admin with override mode.
 */
public record TempoToken(
    String token,
    String label,
    String site,
    String scope,
    Instant expiresAt,
    boolean revoked,
    String accountId,
    boolean canBypassPeriods) {

  public TempoToken revoke() {
    return new TempoToken(token, label, site, scope, expiresAt, true, accountId, canBypassPeriods);
  }

  public boolean isValidAt(Instant now) {
    return !revoked && (expiresAt == null || now.isBefore(expiresAt));
  }
}
