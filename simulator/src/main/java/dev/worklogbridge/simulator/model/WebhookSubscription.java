package dev.worklogbridge.simulator.model;

/**
 * A Tempo webhook subscription: one event type, one URL, its shared secret. Its id is a UUID
 * string, and it starts inactive: Tempo activates it once the URL answers the verification call.
 */
public final class WebhookSubscription {
  public final String id;
  public final String url;
  public final String event;
  public final String name;
  public final String sharedSecret;
  public final java.time.Instant createdAt;
  public volatile java.time.Instant updatedAt;
  public volatile boolean active;
  public volatile int consecutiveFailures;

  public WebhookSubscription(
      String id, String url, String event, String name, String sharedSecret, java.time.Instant at) {
    this.id = id;
    this.createdAt = at;
    this.updatedAt = at;
    this.url = url;
    this.event = event;
    this.name = name;
    this.sharedSecret = sharedSecret;
  }
}
