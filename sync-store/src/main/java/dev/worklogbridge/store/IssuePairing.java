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

/** An explicit pair of issues of a connection, looked up from either side. */
@Entity
@Table(name = "issue_pairing")
public class IssuePairing extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String connection;

  @Column(name = "site_a")
  public String siteA;

  @Column(name = "issue_key_a")
  public String issueKeyA;

  @Column(name = "site_b")
  public String siteB;

  @Column(name = "issue_key_b")
  public String issueKeyB;

  @Column(name = "created_at")
  public Instant createdAt;

  public static IssuePairing of(
      String connection, String siteA, String issueKeyA, String siteB, String issueKeyB) {
    IssuePairing p = new IssuePairing();
    p.connection = connection;
    p.siteA = siteA;
    p.issueKeyA = issueKeyA;
    p.siteB = siteB;
    p.issueKeyB = issueKeyB;
    p.createdAt = Instant.now();
    return p;
  }

  /**
   * The key of the issue on {@code targetSite} paired with {@code sourceKey} on {@code sourceSite}.
   */
  public static Optional<String> targetKey(
      String connection, String sourceSite, String sourceKey, String targetSite) {
    Optional<IssuePairing> forward =
        find(
                "connection = ?1 and siteA = ?2 and issueKeyA = ?3 and siteB = ?4",
                connection,
                sourceSite,
                sourceKey,
                targetSite)
            .firstResultOptional();
    if (forward.isPresent()) {
      return forward.map(p -> p.issueKeyB);
    }
    return IssuePairing.<IssuePairing>find(
            "connection = ?1 and siteB = ?2 and issueKeyB = ?3 and siteA = ?4",
            connection,
            sourceSite,
            sourceKey,
            targetSite)
        .firstResultOptional()
        .map(p -> p.issueKeyA);
  }

  public static List<IssuePairing> listFor(String connection) {
    return list("connection = ?1 order by id", connection);
  }
}
