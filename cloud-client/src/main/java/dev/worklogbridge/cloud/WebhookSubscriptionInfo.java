package dev.worklogbridge.cloud;

/** A Tempo webhook subscription; the shared secret verifies deliveries and is never logged. */
public record WebhookSubscriptionInfo(
    long id, String url, String event, boolean active, String sharedSecret) {

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
