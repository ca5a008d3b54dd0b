package dev.worklogbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.worklogbridge.testkit.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
    value = RealInfrastructure.class,
    initArgs = @ResourceArg(name = "kafka", value = "false"))
class SyncStoreTest {

  @Test
  void linkRowGoesFromPendingToLiveToTombstone() {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink link = LineageLink.create("acme", "jcb", "jca:1", LinkRole.REPLICA);
              link.state = LinkState.PENDING;
              link.localIssueId = 20001L;
              link.pendingHash = "a".repeat(64);
              link.persist();
            });
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> LineageLink.findPending("acme", "jcb", 20001L, "a".repeat(64))))
        .isPresent();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink link = LineageLink.lockByLineage("acme", "jcb", "jca:1").orElseThrow();
              link.state = LinkState.LIVE;
              link.localWorklogId = 555L;
              link.lastHash = link.pendingHash;
              link.pendingHash = null;
            });
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink link = LineageLink.lockByLocalWorklog("acme", "jcb", 555L).orElseThrow();
              assertThat(link.state).isEqualTo(LinkState.LIVE);
              link.state = LinkState.DELETED;
            });
    LineageLink reread =
        QuarkusTransaction.requiringNew()
            .call(() -> LineageLink.findByLineage("acme", "jcb", "jca:1").orElseThrow());
    assertThat(reread.state).isEqualTo(LinkState.DELETED);
    assertThat(reread.localWorklogId).isEqualTo(555L);
  }

  @Test
  void oneLocalWorklogCannotCarryTwoLineages() {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LineageLink first = LineageLink.create("acme", "jcb", "jca:10", LinkRole.REPLICA);
              first.state = LinkState.LIVE;
              first.localWorklogId = 900L;
              first.persist();
            });
    assertThatThrownBy(
            () ->
                QuarkusTransaction.requiringNew()
                    .run(
                        () -> {
                          LineageLink second =
                              LineageLink.create("acme", "jcb", "jca:11", LinkRole.REPLICA);
                          second.state = LinkState.LIVE;
                          second.localWorklogId = 900L;
                          second.persist();
                        }))
        .hasStackTraceContaining("lineage_link_local");
  }

  @Test
  void watermarkOnlyMovesForward() {
    Instant t1 = Instant.parse("2026-08-24T10:00:00Z");
    QuarkusTransaction.requiringNew()
        .run(() -> PollWatermark.advance("jca", PollWatermark.WORKLOGS, t1));
    QuarkusTransaction.requiringNew()
        .run(() -> PollWatermark.advance("jca", PollWatermark.WORKLOGS, t1.minusSeconds(60)));
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> PollWatermark.read("jca", PollWatermark.WORKLOGS)))
        .contains(t1);
    QuarkusTransaction.requiringNew()
        .run(() -> PollWatermark.advance("jca", PollWatermark.WORKLOGS, t1.plusSeconds(5)));
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> PollWatermark.read("jca", PollWatermark.WORKLOGS)))
        .contains(t1.plusSeconds(5));
  }

  @Test
  void pairingIsFoundFromEitherSide() {
    QuarkusTransaction.requiringNew()
        .run(() -> IssuePairing.of("pairs", "jca", "ESC-1", "jcb", "SUP-7").persist());
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> IssuePairing.targetKey("pairs", "jca", "ESC-1", "jcb")))
        .contains("SUP-7");
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> IssuePairing.targetKey("pairs", "jcb", "SUP-7", "jca")))
        .contains("ESC-1");
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> IssuePairing.targetKey("pairs", "jca", "ESC-2", "jcb")))
        .isEmpty();
  }

  @Test
  void historyIsPrunedToABoundedLength() {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              for (int i = 0; i < LineageHistory.KEEP_PER_LINEAGE + 20; i++) {
                LineageHistory.record("hist", "jcb", "jca:5", "APPLIED", "update " + i);
              }
              LineageHistory.record("hist", "jcb", "jca:6", "APPLIED", "only one");
            });
    int pruned = QuarkusTransaction.requiringNew().call(LineageHistory::prune);
    assertThat(pruned).isGreaterThanOrEqualTo(20);
    List<LineageHistory> kept =
        QuarkusTransaction.requiringNew().call(() -> LineageHistory.of("hist", "jca:5"));
    assertThat(kept).hasSize(LineageHistory.KEEP_PER_LINEAGE);
    assertThat(kept.get(kept.size() - 1).detail).isEqualTo("update 69");
    assertThat(QuarkusTransaction.requiringNew().call(() -> LineageHistory.of("hist", "jca:6")))
        .hasSize(1);
  }

  @Test
  void parkedLineagesComeDueInArrivalOrder() {
    Instant now = Instant.now();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              park("jca:2", now.minusSeconds(5));
              park("jca:1", now.minusSeconds(1));
              park("jca:1", now.plusSeconds(60));
              park("jca:3", now.plusSeconds(60));
            });
    List<String> due =
        QuarkusTransaction.requiringNew()
            .call(() -> ParkedEvent.dueLineages("park", "jcb", now, 10));
    assertThat(due).containsExactly("jca:2", "jca:1");
    assertThat(QuarkusTransaction.requiringNew().call(() -> ParkedEvent.countFor("park", "jcb")))
        .isEqualTo(4);
  }

  @Test
  void authorDecisionIsReplacedNotDuplicated() {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                AuthorDecision.record("auth", "jcb", "u1", "u1", "SAME_ACCOUNT", "active on jcb"));
    QuarkusTransaction.requiringNew()
        .run(() -> AuthorDecision.record("auth", "jcb", "u1", "fb", "FALLBACK", "deactivated"));
    AuthorDecision d =
        QuarkusTransaction.requiringNew()
            .call(() -> AuthorDecision.find("auth", "jcb", "u1").orElseThrow());
    assertThat(d.strategy).isEqualTo("FALLBACK");
    assertThat(d.targetAccountId).isEqualTo("fb");
  }

  private static void park(String lineage, Instant due) {
    ParkedEvent p = new ParkedEvent();
    p.connection = "park";
    p.site = "jcb";
    p.lineage = lineage;
    p.eventId = java.util.UUID.randomUUID().toString();
    p.idempotencyKey = "k";
    p.payload = "{}";
    p.reason = "issue not paired";
    p.nextAttemptAt = due;
    p.parkedAt = Instant.now();
    p.persist();
  }
}
