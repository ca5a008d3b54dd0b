package dev.worklogbridge.inbound.resolve;

/**
 * Who logs on the target, by which strategy (MAPPING, SAME_ACCOUNT, EMAIL, FALLBACK) and why. A
 * FALLBACK choice writes the real author into the description.
 */
public record AuthorChoice(String accountId, String strategy, String reason) {
  public boolean isFallback() {
    return "FALLBACK".equals(strategy);
  }
}
