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

/** How far one change feed of a site has been read. A restart resumes from here. */
@Entity
@Table(name = "poll_watermark")
@IdClass(PollWatermark.Key.class)
public class PollWatermark extends PanacheEntityBase {

  /** The feeds the outbound side polls. */
  public static final String WORKLOGS = "WORKLOGS";

  public static final String DELETIONS = "DELETIONS";

  @Id public String site;
  @Id public String feed;
  public Instant watermark;

  @Column(name = "updated_at")
  public Instant updatedAt;

  public static Optional<Instant> read(String site, String feed) {
    return Optional.ofNullable(PollWatermark.<PollWatermark>findById(new Key(site, feed)))
        .map(w -> w.watermark);
  }

  /** Moves the watermark forward (never back). */
  public static void advance(String site, String feed, Instant to) {
    PollWatermark row = findById(new Key(site, feed));
    if (row == null) {
      row = new PollWatermark();
      row.site = site;
      row.feed = feed;
      row.watermark = to;
      row.updatedAt = Instant.now();
      row.persist();
    } else if (to.isAfter(row.watermark)) {
      row.watermark = to;
      row.updatedAt = Instant.now();
    }
  }

  /** Composite key. */
  public static class Key implements Serializable {
    public String site;
    public String feed;

    public Key() {}

    public Key(String site, String feed) {
      this.site = site;
      this.feed = feed;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(site, k.site) && Objects.equals(feed, k.feed);
    }

    @Override
    public int hashCode() {
      return Objects.hash(site, feed);
    }
  }
}
