package dev.worklogbridge.store.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.worklogbridge.model.Lineage;
import dev.worklogbridge.model.WorklogContent;
import dev.worklogbridge.store.LineageHistory;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.store.LinkRole;
import dev.worklogbridge.store.LinkState;
import dev.worklogbridge.testkit.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The inbound's link-row transitions, each against a real PostgreSQL. */
@QuarkusTest
@WithTestResource(
    value = RealInfrastructure.class,
    initArgs = @ResourceArg(name = "kafka", value = "false"))
class LinkLedgerTest {

  private static final Instant T1 = Instant.parse("2026-12-01T10:00:00Z");

  @Inject LinkLedger ledger;
  @Inject LinkReads reads;

  /** Each test on a connection of its own, so that they never see each other's rows. */
  private final String connection = "c" + UUID.randomUUID().toString().substring(0, 8);

  /** Worklog ids of its own too: a site's worklog carries one lineage across connections. */
  private final long base = 1_000_000_000L * (1 + ThreadLocalRandom.current().nextInt(1000));

  private static WorklogContent content(long seconds) {
    return new WorklogContent(
        "acc-1", LocalDate.of(2026, 12, 1), LocalTime.of(9, 0), seconds, seconds, "work", null);
  }

  private static Change change(long originId, Instant version, String key) {
    return new Change(
        new Lineage("jca", originId), "worklog.created", "jca", originId, version, key);
  }

  private LineageLink row(String site, String lineage) {
    return reads.find(connection, site, lineage).orElseThrow();
  }

  private List<String> history(String lineage) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                LineageHistory.of(connection, lineage).stream()
                    .map(h -> h.action + " " + h.detail)
                    .toList());
  }

  @Test
  void aCreateIsClaimedPendingThenMarkedLiveWithItsWorklog() {
    Change c = change(1, T1, "k1");
    assertThat(ledger.claim(connection, "jcb", c, 20001, content(60), LinkRole.REPLICA))
        .isEqualTo(Claim.NEW);
    LineageLink pending = row("jcb", "jca:1");
    assertThat(pending.state).isEqualTo(LinkState.PENDING);
    assertThat(pending.pendingHash).isEqualTo(content(60).hash());
    assertThat(ledger.claim(connection, "jcb", c, 20001, content(60), LinkRole.REPLICA))
        .isEqualTo(Claim.PENDING);

    ledger.live(connection, "jcb", c, new LocalWorklog(base + 555, 20001, content(60)), "created");

    LineageLink live = row("jcb", "jca:1");
    assertThat(live.state).isEqualTo(LinkState.LIVE);
    assertThat(live.localWorklogId).isEqualTo(base + 555);
    assertThat(live.lastHash).isEqualTo(content(60).hash());
    assertThat(live.pendingHash).isNull();
    assertThat(live.lastIdempotencyKey).isEqualTo("k1");
    assertThat(history("jca:1"))
        .containsExactly("CREATED created jcb:" + (base + 555) + " from jca:1");
    assertThat(ledger.claim(connection, "jcb", c, 20001, content(60), LinkRole.REPLICA))
        .isEqualTo(Claim.LIVE);
  }

  @Test
  void claimingManyTellsTheSameContentFromAChangedOneAndInsertsTheRest() {
    Change held = change(2, T1, "k2");
    ledger.claim(connection, "jcb", held, 20001, content(60), LinkRole.REPLICA);
    ledger.live(
        connection, "jcb", held, new LocalWorklog(base + 600, 20001, content(60)), "created");
    Change other = change(3, T1, "k3");
    ledger.claim(connection, "jcb", other, 20001, content(60), LinkRole.REPLICA);
    ledger.live(
        connection, "jcb", other, new LocalWorklog(base + 601, 20001, content(60)), "created");

    Map<String, Claim> claims =
        ledger.claimAll(
            connection,
            "jcb",
            List.of(
                new LinkLedger.ToClaim(held, 20001, content(60)),
                new LinkLedger.ToClaim(other, 20001, content(120)),
                new LinkLedger.ToClaim(change(4, T1, "k4"), 20001, content(60))));

    assertThat(claims)
        .containsEntry("jca:2", Claim.SAME)
        .containsEntry("jca:3", Claim.LIVE)
        .containsEntry("jca:4", Claim.NEW);
    assertThat(row("jcb", "jca:4").state).isEqualTo(LinkState.PENDING);
    ledger.liveAll(
        connection,
        "jcb",
        List.of(
            new LinkLedger.Written(
                change(4, T1, "k4"), new LocalWorklog(base + 602, 20001, content(60)))),
        "bulk-created");
    assertThat(row("jcb", "jca:4").state).isEqualTo(LinkState.LIVE);
  }

  @Test
  void aReleaseForgetsOnlyAClaimThatIsStillPending() {
    Change c = change(5, T1, "k5");
    ledger.claim(connection, "jcb", c, 20001, content(60), LinkRole.REPLICA);
    ledger.release(connection, "jcb", "jca:5");
    assertThat(reads.find(connection, "jcb", "jca:5")).isEmpty();

    ledger.claim(connection, "jcb", c, 20001, content(60), LinkRole.REPLICA);
    ledger.live(connection, "jcb", c, new LocalWorklog(base + 610, 20001, content(60)), "created");
    ledger.release(connection, "jcb", "jca:5");
    assertThat(row("jcb", "jca:5").state).isEqualTo(LinkState.LIVE);
  }

  @Test
  void anUpdateMovesTheVersionForwardOnlyAndAppliedKeysAreFound() {
    Change c = change(6, T1, "k6");
    ledger.claim(connection, "jcb", c, 20001, content(60), LinkRole.REPLICA);
    ledger.live(connection, "jcb", c, new LocalWorklog(base + 620, 20001, content(60)), "created");
    ledger.updated(
        connection,
        "jcb",
        change(6, T1.plusSeconds(60), "k6b"),
        new LocalWorklog(base + 620, 20001, content(90)));
    ledger.skipped(connection, "jcb", change(6, T1.minusSeconds(60), "k6a"), "older");

    LineageLink r = row("jcb", "jca:6");
    assertThat(r.lastHash).isEqualTo(content(90).hash());
    assertThat(r.lastVersion).isEqualTo(T1.plusSeconds(60));
    assertThat(reads.alreadyApplied(connection, "jcb", Map.of("jca:6", "k6b", "jca:99", "x")))
        .containsExactly("jca:6");
    assertThat(reads.alreadyApplied(connection, "jcb", Map.of("jca:6", "k6"))).isEmpty();
    assertThat(history("jca:6"))
        .containsExactly(
            "CREATED created jcb:" + (base + 620) + " from jca:6",
            "UPDATED jcb:" + (base + 620) + " from jca:6",
            "SKIPPED worklog.created from jca: older");
  }

  @Test
  void aTombstoneIsRecordedEvenForALineageNeverSeenWithTheRoleOfItsSite() {
    ledger.tombstone(connection, "jca", change(7, T1, "k7"), "deleted before it reached jca");
    ledger.tombstone(connection, "jcb", change(7, T1, "k7"), "deleted before it reached jcb");

    assertThat(row("jca", "jca:7").role).isEqualTo(LinkRole.ORIGIN);
    assertThat(row("jcb", "jca:7").role).isEqualTo(LinkRole.REPLICA);
    assertThat(row("jcb", "jca:7").state).isEqualTo(LinkState.DELETED);
    assertThat(
            ledger.claim(connection, "jcb", change(7, T1, "k7"), 1, content(1), LinkRole.REPLICA))
        .isEqualTo(Claim.DELETED);
  }

  @Test
  void aLostWorklogIsForgottenAndItsWorklogIdFreed() {
    Change c = change(8, T1, "k8");
    ledger.claim(connection, "jcb", c, 20001, content(60), LinkRole.REPLICA);
    ledger.live(
        connection, "jcb", c, new LocalWorklog(base + 8_000_001, 20001, content(60)), "created");
    assertThat(reads.unlinked("jcb", base + 8_000_001)).isFalse();

    ledger.forgetLost(connection, "jcb", "jca:8", base + 8_000_001);

    assertThat(reads.find(connection, "jcb", "jca:8")).isEmpty();
    assertThat(reads.unlinked("jcb", base + 8_000_001)).isTrue();
    assertThat(history("jca:8"))
        .last()
        .asString()
        .startsWith("LOST jcb:" + (base + 8_000_001) + " is gone");
  }

  @Test
  void anOriginIsAdoptedOnceAndOnlyALinkedReplicaVouchesForIt() {
    LocalWorklog origin = new LocalWorklog(base + 9, 10001, content(60));
    LineageLink adopted = ledger.adoptOrigin(connection, "jca", "jca:9", origin, T1);
    LineageLink again =
        ledger.adoptOrigin(
            connection,
            "jca",
            "jca:9",
            new LocalWorklog(base + 9, 10001, content(1)),
            T1.plusSeconds(1));

    assertThat(adopted.role).isEqualTo(LinkRole.ORIGIN);
    assertThat(again.lastHash).isEqualTo(content(60).hash());
    assertThat(reads.vouches(connection, "jcb", "jca:9", base + 700)).isFalse();
    Change c = change(9, T1, "k9");
    ledger.claim(connection, "jcb", c, 20001, content(60), LinkRole.REPLICA);
    ledger.live(connection, "jcb", c, new LocalWorklog(base + 700, 20001, content(60)), "created");
    assertThat(reads.vouches(connection, "jcb", "jca:9", base + 700)).isTrue();
    assertThat(reads.vouches(connection, "jcb", "jca:9", base + 701)).isFalse();
  }
}
