package dev.worklogbridge.inbound.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Both sites must pick the same winner from the same two timestamps. */
class ConflictRuleTest {

  private static final Instant T = Instant.parse("2026-08-24T10:00:00Z");

  @Test
  void theNewerEditWinsOnBothSides() {
    Instant later = T.plusMillis(400);
    // On the origin's site the incoming (replica's) edit is older; on the replica's site newer.
    assertThat(ConflictRule.decide(T, T.plusSeconds(1), true).localWins()).isTrue();
    assertThat(ConflictRule.decide(T.plusSeconds(1), T, false).localWins()).isFalse();
    assertThat(ConflictRule.decide(T.plusMillis(100), later, true).localWins()).isTrue();
    assertThat(ConflictRule.decide(later, T.plusMillis(100), false).localWins()).isFalse();
  }

  @Test
  void aTieInTheSameSecondGoesToTheOriginOnBothSides() {
    ConflictRule.Verdict atOrigin = ConflictRule.decide(T, T, true);
    ConflictRule.Verdict atReplica = ConflictRule.decide(T, T, false);
    assertThat(atOrigin.tie()).isTrue();
    assertThat(atOrigin.localWins()).isTrue();
    assertThat(atReplica.localWins()).isFalse();
  }

  @Test
  void aStampWithoutMillisecondsIsComparedInWholeSeconds() {
    // One site stamped 10:00:00, the other 10:00:00.700: the same second at Tempo's precision.
    assertThat(ConflictRule.decide(T.plusMillis(700), T, true).tie()).isTrue();
    assertThat(ConflictRule.decide(T, T.plusMillis(700), false).tie()).isTrue();
    assertThat(ConflictRule.compare(T.plusMillis(700), T.plusMillis(300))).isPositive();
  }
}
