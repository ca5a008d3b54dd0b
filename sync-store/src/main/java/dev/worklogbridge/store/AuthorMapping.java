package dev.worklogbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An operator's explicit choice of who logs on the target site for a source author. */
@Entity
@Table(name = "author_mapping")
public class AuthorMapping extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String connection;

  @Column(name = "target_site")
  public String targetSite;

  @Column(name = "source_account_id")
  public String sourceAccountId;

  @Column(name = "target_account_id")
  public String targetAccountId;

  @Column(name = "created_at")
  public Instant createdAt;

  public static AuthorMapping of(
      String connection, String targetSite, String sourceAccountId, String targetAccountId) {
    AuthorMapping m = new AuthorMapping();
    m.connection = connection;
    m.targetSite = targetSite;
    m.sourceAccountId = sourceAccountId;
    m.targetAccountId = targetAccountId;
    m.createdAt = Instant.now();
    return m;
  }

  public static Optional<String> targetAccount(
      String connection, String targetSite, String sourceAccountId) {
    return AuthorMapping.<AuthorMapping>find(
            "connection = ?1 and targetSite = ?2 and sourceAccountId = ?3",
            connection,
            targetSite,
            sourceAccountId)
        .firstResultOptional()
        .map(m -> m.targetAccountId);
  }

  public static List<AuthorMapping> listFor(String connection) {
    return list("connection = ?1 order by id", connection);
  }
}
