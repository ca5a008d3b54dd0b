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

/**
 * An event that could not be applied yet, with its reason and next attempt. Events of one lineage
 * are kept in arrival order; while a lineage has parked events, its later events park behind them.
 */
@Entity
@Table(name = "parked_event")
public class ParkedEvent extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String connection;
  public String site;
  public String lineage;

  @Column(name = "event_id")
  public String eventId;

  @Column(name = "idempotency_key")
  public String idempotencyKey;

  public String payload;
  public String reason;
  public int attempts;

  @Column(name = "next_attempt_at")
  public Instant nextAttemptAt;

  @Column(name = "parked_at")
  public Instant parkedAt;

  public static boolean hasParked(String connection, String site, String lineage) {
    return count("connection = ?1 and site = ?2 and lineage = ?3", connection, site, lineage) > 0;
  }

  /** Lineages with a parked event due now, oldest first. */
  public static List<String> dueLineages(String connection, String site, Instant now, int limit) {
    return getEntityManager()
        .createQuery(
            "select p.lineage from ParkedEvent p where p.connection = ?1 and p.site = ?2"
                + " group by p.lineage having min(p.nextAttemptAt) <= ?3 order by min(p.id)",
            String.class)
        .setParameter(1, connection)
        .setParameter(2, site)
        .setParameter(3, now)
        .setMaxResults(limit)
        .getResultList();
  }

  /** A lineage's parked events in arrival order. */
  public static List<ParkedEvent> ofLineage(String connection, String site, String lineage) {
    return list(
        "connection = ?1 and site = ?2 and lineage = ?3 order by id", connection, site, lineage);
  }

  public static List<ParkedEvent> ofConnection(String connection, String site, int limit) {
    return find("connection = ?1 and site = ?2 order by id", connection, site)
        .page(0, limit)
        .list();
  }

  public static long countFor(String connection, String site) {
    return count("connection = ?1 and site = ?2", connection, site);
  }
}
