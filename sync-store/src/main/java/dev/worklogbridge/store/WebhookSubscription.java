package dev.worklogbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A Tempo webhook subscription the outbound service made, with the secret that verifies deliveries.
 */
@Entity
@Table(name = "webhook_subscription")
@IdClass(WebhookSubscription.Key.class)
public class WebhookSubscription extends PanacheEntityBase {

  @Id public String site;
  @Id public String event;

  /** Tempo's id of the subscription: a UUID string. */
  @Column(name = "subscription_id")
  public String subscriptionId;

  public String url;

  @Column(name = "shared_secret")
  public String sharedSecret;

  @Column(name = "created_at")
  public Instant createdAt;

  public static List<WebhookSubscription> ofSite(String site) {
    return list("site", site);
  }

  @Override
  public String toString() {
    return "WebhookSubscription[" + site + " " + event + " #" + subscriptionId + "]";
  }

  /** Composite key. */
  public static class Key implements Serializable {
    public String site;
    public String event;

    public Key() {}

    public Key(String site, String event) {
      this.site = site;
      this.event = event;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(site, k.site) && Objects.equals(event, k.event);
    }

    @Override
    public int hashCode() {
      return Objects.hash(site, event);
    }
  }
}
