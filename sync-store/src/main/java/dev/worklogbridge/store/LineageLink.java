package dev.worklogbridge.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/**
 * Which local worklog carries a lineage on one site, and what the bridge last knew of it. Both
 * services of a site read and write it, always under a row lock ({@link #lockByLineage}).
 */
@Entity
@Table(name = "lineage_link")
public class LineageLink extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "lineage_link_seq")
  @SequenceGenerator(
      name = "lineage_link_seq",
      sequenceName = "lineage_link_id_seq",
      allocationSize = 50)
  public Long id;

  public String connection;
  public String site;
  public String lineage;

  @Enumerated(EnumType.STRING)
  public LinkRole role;

  @Enumerated(EnumType.STRING)
  public LinkState state;

  @Column(name = "local_worklog_id")
  public Long localWorklogId;

  @Column(name = "local_issue_id")
  public Long localIssueId;

  @Column(name = "last_version")
  public Instant lastVersion;

  @Column(name = "last_hash")
  public String lastHash;

  /**
   * True when this site's last change was a person's edit here (published by the outbound service)
   * that no change applied from the other site has followed yet: an incoming edit then competes
   * with it (the conflict rule decides).
   */
  @Column(name = "local_edit")
  public boolean localEdit;

  @Column(name = "last_core_hash")
  public String lastCoreHash;

  @Column(name = "pending_hash")
  public String pendingHash;

  @Column(name = "pending_core_hash")
  public String pendingCoreHash;

  @Column(name = "last_idempotency_key")
  public String lastIdempotencyKey;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  public static LineageLink create(String connection, String site, String lineage, LinkRole role) {
    LineageLink link = new LineageLink();
    link.connection = connection;
    link.site = site;
    link.lineage = lineage;
    link.role = role;
    link.createdAt = Instant.now();
    link.updatedAt = link.createdAt;
    return link;
  }

  public static Optional<LineageLink> findByLineage(
      String connection, String site, String lineage) {
    return find("connection = ?1 and site = ?2 and lineage = ?3", connection, site, lineage)
        .firstResultOptional();
  }

  /** The row, locked until the transaction ends (SELECT ... FOR UPDATE). */
  public static Optional<LineageLink> lockByLineage(
      String connection, String site, String lineage) {
    return find("connection = ?1 and site = ?2 and lineage = ?3", connection, site, lineage)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResultOptional();
  }

  public static Optional<LineageLink> lockByLocalWorklog(
      String connection, String site, long localWorklogId) {
    return find(
            "connection = ?1 and site = ?2 and localWorklogId = ?3",
            connection,
            site,
            localWorklogId)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResultOptional();
  }

  /**
   * The creates in flight on these issues, as {@code issueId|pendingHash}: one query for a whole
   * batch of sightings.
   */
  public static java.util.Set<String> pendingKeys(
      String connection, String site, java.util.Collection<Long> issueIds) {
    return pendingKeys(connection, site, issueIds, "pendingHash");
  }

  /**
   * The same as {@link #pendingKeys} with the hash of the content without attributes: {@code
   * issueId|pendingCoreHash}, for webhook payloads, which carry no attributes.
   */
  public static java.util.Set<String> pendingCoreKeys(
      String connection, String site, java.util.Collection<Long> issueIds) {
    return pendingKeys(connection, site, issueIds, "pendingCoreHash");
  }

  /**
   * Read as two columns, not as entities: the webhook handler asks for every batch of deliveries,
   * and loading the rows as managed entities was a sixth of the outbound's time during a backlog.
   */
  private static java.util.Set<String> pendingKeys(
      String connection, String site, java.util.Collection<Long> issueIds, String hashField) {
    if (issueIds.isEmpty()) {
      return java.util.Set.of();
    }
    java.util.Set<String> keys = new java.util.HashSet<>();
    getEntityManager()
        .createQuery(
            "select l.localIssueId, l."
                + hashField
                + " from LineageLink l where l.connection = ?1 and l.site = ?2 and l.state = ?3"
                + " and l.localIssueId in ?4",
            Object[].class)
        .setParameter(1, connection)
        .setParameter(2, site)
        .setParameter(3, LinkState.PENDING)
        .setParameter(4, java.util.List.copyOf(issueIds))
        .getResultList()
        .forEach(r -> keys.add(r[0] + "|" + r[1]));
    return keys;
  }

  /** A create in flight on this issue whose content is {@code hash}. */
  public static Optional<LineageLink> findPending(
      String connection, String site, long localIssueId, String hash) {
    return find(
            "connection = ?1 and site = ?2 and localIssueId = ?3 and state = ?4 and pendingHash = ?5",
            connection,
            site,
            localIssueId,
            LinkState.PENDING,
            hash)
        .firstResultOptional();
  }

  /**
   * The content hash without attributes ({@code lastCoreHash}, null when unknown) of every row of
   * these local worklogs on this site, across connections, by local worklog id: two columns, not
   * entities (asked for every batch of webhook deliveries).
   */
  public static java.util.Map<Long, java.util.List<String>> coreHashesOfLocalWorklogs(
      String site, java.util.Collection<Long> localWorklogIds) {
    java.util.Map<Long, java.util.List<String>> out = new java.util.HashMap<>();
    if (localWorklogIds.isEmpty()) {
      return out;
    }
    getEntityManager()
        .createQuery(
            "select l.localWorklogId, l.lastCoreHash from LineageLink l where l.site = ?1"
                + " and l.localWorklogId in ?2",
            Object[].class)
        .setParameter(1, site)
        .setParameter(2, java.util.List.copyOf(localWorklogIds))
        .getResultList()
        .forEach(
            r ->
                out.computeIfAbsent((Long) r[0], k -> new java.util.ArrayList<>())
                    .add((String) r[1]));
    return out;
  }

  /**
   * Deletes up to {@code limit} tombstones last changed before {@code cutoff}: lineages deleted
   * long enough ago that no record of theirs can come back (the topic no longer holds any).
   */
  public static int pruneTombstones(Instant cutoff, int limit) {
    return getEntityManager()
        .createNativeQuery(
            "DELETE FROM lineage_link WHERE id IN (SELECT id FROM lineage_link WHERE state ="
                + " 'DELETED' AND updated_at < ?1 LIMIT ?2)")
        .setParameter(1, cutoff)
        .setParameter(2, limit)
        .executeUpdate();
  }

  public void touch() {
    updatedAt = Instant.now();
  }

  /** True when {@code version} is older than what this site already holds. */
  public boolean isNewerThan(Instant version) {
    return lastVersion != null && version != null && version.isBefore(lastVersion);
  }
}
