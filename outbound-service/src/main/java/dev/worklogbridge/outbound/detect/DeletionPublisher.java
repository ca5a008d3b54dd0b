package dev.worklogbridge.outbound.detect;

import dev.worklogbridge.model.EventType;
import dev.worklogbridge.model.IssueRef;
import dev.worklogbridge.model.Lineage;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.SourceRef;
import dev.worklogbridge.outbound.publish.ReplicaPublisher;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkState;
import dev.worklogbridge.store.ledger.SightingLedger;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a worklog deleted on a site (seen by webhook or the papertrail feed) into the deletion of
 * its lineage, published once: the link row found by the worklog's id is tombstoned, so a second
 * sighting publishes nothing. A worklog the bridge has no row for was never synced: nothing to do.
 */
@ApplicationScoped
public class DeletionPublisher {

  @Inject Connections connections;
  @Inject ReplicaPublisher publisher;
  @Inject SightingLedger ledger;

  /** A worklog deleted on {@code site}: publish the deletion of its lineage, once. */
  public SightingPublisher.Result worklogDeleted(
      String site, long tempoWorklogId, Instant deletedAt, String via) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<ReplicaEvent> events = new ArrayList<>();
              int skipped = 0;
              for (Connections.View c : connections.including(site)) {
                Optional<LineageLink> found =
                    LineageLink.lockByLocalWorklog(c.name(), site, tempoWorklogId);
                if (found.isEmpty() || found.get().state == LinkState.DELETED) {
                  skipped++;
                  continue;
                }
                LineageLink row = found.get();
                ledger.deleted(row, deletedAt);
                if (!c.flowsFrom(site)) {
                  continue;
                }
                Instant version = deletedAt != null ? deletedAt : Instant.now();
                ReplicaEvent event =
                    new ReplicaEvent(
                        ReplicaEvent.SCHEMA_VERSION,
                        UUID.randomUUID().toString(),
                        EventType.DELETED,
                        c.name(),
                        Lineage.parse(row.lineage),
                        new SourceRef(site, tempoWorklogId, null),
                        version,
                        Instant.now(),
                        row.localIssueId == null ? null : new IssueRef(row.localIssueId, null),
                        null,
                        null,
                        null);
                events.add(event);
                ledger.deletionPublished(
                    row,
                    event,
                    "deleted on " + site + ":" + tempoWorklogId + " (seen by " + via + ")");
              }
              LineageLink.flush();
              publisher.publishAll(events);
              return new SightingPublisher.Result(events.size(), skipped);
            });
  }
}
