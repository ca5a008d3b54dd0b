package dev.worklogbridge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A 429's Retry-After is honoured within bounds: never less than 1 s, never beyond the cap. */
class RetryAfterTest {

  @Test
  void retryAfterIsHonouredButCapped() {
    RetryPolicy policy = RetryPolicy.DEFAULT;
    assertThat(CallPolicy.retryAfter(Optional.of("3"), policy)).isEqualTo(Duration.ofSeconds(3));
    assertThat(CallPolicy.retryAfter(Optional.of("0"), policy)).isEqualTo(Duration.ofSeconds(1));
    assertThat(CallPolicy.retryAfter(Optional.of("86400"), policy))
        .isEqualTo(CallPolicy.MAX_RETRY_AFTER);
    assertThat(CallPolicy.retryAfter(Optional.of("soon"), policy))
        .isEqualTo(policy.rateLimitWait());
    assertThat(CallPolicy.retryAfter(Optional.empty(), policy)).isEqualTo(policy.rateLimitWait());
  }
}
