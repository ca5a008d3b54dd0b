package dev.worklogbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** One thing that happened to a lineage on a site: applied, skipped and why, parked, published. */
@Entity
@Table(name = "lineage_history")
public class LineageHistory extends PanacheEntityBase {

  /** How many entries a lineage keeps per site; older ones are pruned. */
  public static final int KEEP_PER_LINEAGE = 50;

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "lineage_history_seq")
  @SequenceGenerator(
      name = "lineage_history_seq",
      sequenceName = "lineage_history_id_seq",
      allocationSize = 50)
  public Long id;

  public String connection;
  public String site;
  public String lineage;
  public Instant at;
  public String action;
  public String detail;

  public static void record(
      String connection, String site, String lineage, String action, String detail) {
    LineageHistory h = new LineageHistory();
    h.connection = connection;
    h.site = site;
    h.lineage = lineage;
    h.at = Instant.now();
    h.action = action;
    h.detail = detail.length() > 2048 ? detail.substring(0, 2048) : detail;
    h.persist();
  }

  public static List<LineageHistory> of(String connection, String lineage) {
    return list("connection = ?1 and lineage = ?2 order by id", connection, lineage);
  }

  /** Deletes up to {@code limit} entries written before {@code cutoff}; returns how many. */
  public static int pruneOlderThan(Instant cutoff, int limit) {
    return getEntityManager()
        .createNativeQuery(
            "DELETE FROM lineage_history WHERE id IN (SELECT id FROM lineage_history WHERE at < ?1"
                + " LIMIT ?2)")
        .setParameter(1, cutoff)
        .setParameter(2, limit)
        .executeUpdate();
  }

  /** Deletes all but the newest {@link #KEEP_PER_LINEAGE} entries of every lineage. */
  public static int prune() {
    return getEntityManager()
        .createNativeQuery(
            "DELETE FROM lineage_history WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER"
                + " (PARTITION BY connection, site, lineage ORDER BY id DESC) AS n FROM"
                + " lineage_history) ranked WHERE n > "
                + KEEP_PER_LINEAGE
                + ")")
        .executeUpdate();
  }
}
