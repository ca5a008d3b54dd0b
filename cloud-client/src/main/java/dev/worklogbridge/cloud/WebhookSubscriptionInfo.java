package dev.worklogbridge.cloud;

/**
 * A Tempo webhook subscription (its id a UUID string); the shared secret verifies deliveries and is
 * never logged. A listing may not show the secret: then it is null.
 */
public record WebhookSubscriptionInfo(
    String id, String url, String event, boolean active, String sharedSecret) {

  @Override
  public String toString() {
    return "WebhookSubscriptionInfo[id="
        + id
        + ", url="
        + url
        + ", event="
        + event
        + ", active="
        + active
        + "]";
  }
}
