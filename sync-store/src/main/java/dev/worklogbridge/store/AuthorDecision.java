package dev.worklogbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The last author decision for a source account on a target site, with the strategy that made it:
 * an audit trail operators read, and a cache the resolver trusts for a while.
 */
@Entity
@Table(name = "author_decision")
@IdClass(AuthorDecision.Key.class)
public class AuthorDecision extends PanacheEntityBase {

  @Id public String connection;

  @Id
  @Column(name = "target_site")
  public String targetSite;

  @Id
  @Column(name = "source_account_id")
  public String sourceAccountId;

  @Column(name = "target_account_id")
  public String targetAccountId;

  public String strategy;
  public String reason;

  @Column(name = "decided_at")
  public Instant decidedAt;

  public static Optional<AuthorDecision> find(
      String connection, String targetSite, String sourceAccountId) {
    return Optional.ofNullable(findById(new Key(connection, targetSite, sourceAccountId)));
  }

  /** Records (or replaces) the decision. */
  public static AuthorDecision record(
      String connection,
      String targetSite,
      String sourceAccountId,
      String targetAccountId,
      String strategy,
      String reason) {
    AuthorDecision d =
        find(connection, targetSite, sourceAccountId)
            .orElseGet(
                () -> {
                  AuthorDecision created = new AuthorDecision();
                  created.connection = connection;
                  created.targetSite = targetSite;
                  created.sourceAccountId = sourceAccountId;
                  return created;
                });
    d.targetAccountId = targetAccountId;
    d.strategy = strategy;
    d.reason = reason.length() > 512 ? reason.substring(0, 512) : reason;
    d.decidedAt = Instant.now();
    d.persist();
    return d;
  }

  /** Composite key. */
  public static class Key implements Serializable {
    public String connection;
    public String targetSite;
    public String sourceAccountId;

    public Key() {}

    public Key(String connection, String targetSite, String sourceAccountId) {
      this.connection = connection;
      this.targetSite = targetSite;
      this.sourceAccountId = sourceAccountId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(connection, k.connection)
          && Objects.equals(targetSite, k.targetSite)
          && Objects.equals(sourceAccountId, k.sourceAccountId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(connection, targetSite, sourceAccountId);
    }
  }
}
