package dev.worklogbridge.inbound.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.worklogbridge.cloud.CloudException;
import dev.worklogbridge.cloud.ErrorKind;
import java.sql.SQLTransientConnectionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which failures park one lineage and which rewind the batch. */
class UnexpectedTest {

  @Test
  void aFailureOfTheEventsOwnParksItsLineageWithTheReason() {
    ParkLineage n = Unexpected.parkable("jcb", new NullPointerException("issue was null"));
    assertThat(n.getMessage())
        .contains("NullPointerException")
        .contains("issue was null")
        .contains("retried later");
    assertThat(Unexpected.parkable("jcb", new IllegalStateException("no claimed row")).getMessage())
        .contains("no claimed row");
  }

  @Test
  void aSiteThatFailsParksAndARejectedTokenPauses() {
    CloudException down =
        new CloudException(ErrorKind.RETRYABLE, 503, "jcb", "tempo", "unavailable", null);
    assertThat(Unexpected.parkable("jcb", down).getMessage()).contains("a call to jcb failed");
    assertThatThrownBy(
            () ->
                Unexpected.parkable(
                    "jcb", new CloudException(ErrorKind.AUTH, 401, "jcb", "jira", "expired", null)))
        .isInstanceOf(AuthPause.class)
        .satisfies(p -> assertThat(((AuthPause) p).api()).isEqualTo("jira"));
  }

  @Test
  void theDatabaseOrKafkaAwayRewindsTheBatchInsteadOfParking() {
    RuntimeException db =
        new RuntimeException(new SQLTransientConnectionException("Acquisition timeout"));
    assertThatThrownBy(() -> Unexpected.parkable("jcb", db)).isSameAs(db);
    RuntimeException kafka = new RuntimeException(new TimeoutException("no broker"));
    assertThatThrownBy(() -> Unexpected.parkable("jcb", kafka)).isSameAs(kafka);
  }
}
