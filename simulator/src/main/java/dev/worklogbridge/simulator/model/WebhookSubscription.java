package dev.worklogbridge.simulator.model;

/** A Tempo webhook subscription: one event type, one URL, its shared secret. */
public final class WebhookSubscription {
  public final long id;
  public final String url;
  public final String event;
  public final String name;
  public final String sharedSecret;
  public volatile boolean active = true;
  public volatile int consecutiveFailures;

  public WebhookSubscription(long id, String url, String event, String name, String sharedSecret) {
    this.id = id;
    this.url = url;
    this.event = event;
    this.name = name;
    this.sharedSecret = sharedSecret;
  }
}
