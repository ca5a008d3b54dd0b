package dev.worklogbridge.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.worklogbridge.runtime.retention.Retention;
import dev.worklogbridge.store.LineageHistory;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.LinkState;
import dev.worklogbridge.testkit.BridgeTestResource;
import dev.worklogbridge.testkit.TwoSites;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** History and tombstones are pruned by age (90 and 60 days by default); live rows never. */
@QuarkusTest
@WithTestResource(BridgeTestResource.class)
class RetentionTest {

  @Inject Retention retention;

  private static void history(String lineage, Duration ago) {
    LineageHistory h = new LineageHistory();
    h.connection = TwoSites.CONNECTION;
    h.site = "jca";
    h.lineage = lineage;
    h.at = Instant.now().minus(ago);
    h.action = "PUBLISHED";
    h.detail = "created " + ago + " ago";
    h.persist();
  }

  private static void link(String lineage, LinkState state, long worklog, Duration ago) {
    LineageLink row = LineageLink.create(TwoSites.CONNECTION, "jca", lineage, LinkRole.ORIGIN);
    row.state = state;
    row.localWorklogId = worklog;
    row.localIssueId = 10001L;
    row.updatedAt = Instant.now().minus(ago);
    row.persist();
  }

  @Test
  void oldHistoryAndOldTombstonesGoEverythingElseStays() {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink.getEntityManager()
                  .createNativeQuery("TRUNCATE lineage_link, lineage_history")
                  .executeUpdate();
              history("jca:1", Duration.ofDays(100));
              history("jca:1", Duration.ofDays(1));
              link("jca:2", LinkState.DELETED, 2, Duration.ofDays(70));
              link("jca:3", LinkState.DELETED, 3, Duration.ofDays(10));
              link("jca:4", LinkState.LIVE, 4, Duration.ofDays(400));
            });
    Retention.Pruned pruned = retention.prune();
    assertThat(pruned.history()).isEqualTo(1);
    assertThat(pruned.tombstones()).isEqualTo(1);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              assertThat(LineageHistory.of(TwoSites.CONNECTION, "jca:1"))
                  .extracting(h -> h.detail)
                  .containsExactly("created PT24H ago");
              assertThat(LineageLink.findByLineage(TwoSites.CONNECTION, "jca", "jca:2")).isEmpty();
              assertThat(LineageLink.findByLineage(TwoSites.CONNECTION, "jca", "jca:3"))
                  .isPresent();
              assertThat(LineageLink.findByLineage(TwoSites.CONNECTION, "jca", "jca:4"))
                  .isPresent();
            });
    assertThat(retention.prune()).isEqualTo(new Retention.Pruned(0, 0));
  }
}
