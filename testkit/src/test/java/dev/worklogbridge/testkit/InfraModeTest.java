package dev.worklogbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InfraModeTest {

  @Test
  void usesContainersWhenDockerAnswers() {
    assertThat(InfraMode.choose(Map.of(), InfraMode.KAFKA_ENV, () -> true))
        .isEqualTo(InfraMode.CONTAINERS);
  }

  @Test
  void runsEmbeddedWhenThereIsNoDockerInsteadOfSkipping() {
    assertThat(InfraMode.choose(Map.of(), InfraMode.KAFKA_ENV, () -> false))
        .isEqualTo(InfraMode.EMBEDDED);
  }

  @Test
  void prefersAnExternalServerAndDoesNotAskDocker() {
    AtomicInteger asked = new AtomicInteger();
    InfraMode mode =
        InfraMode.choose(
            Map.of(InfraMode.JDBC_ENV, "jdbc:postgresql://db:5432/postgres"),
            InfraMode.JDBC_ENV,
            () -> asked.incrementAndGet() > 0);
    assertThat(mode).isEqualTo(InfraMode.EXTERNAL);
    assertThat(asked).hasValue(0);
  }

  @Test
  void anExternalKafkaDoesNotMakeTheDatabaseExternal() {
    assertThat(
            InfraMode.choose(
                Map.of(InfraMode.KAFKA_ENV, "localhost:9092"), InfraMode.JDBC_ENV, () -> false))
        .isEqualTo(InfraMode.EMBEDDED);
  }

  @Test
  void canBeForcedToEmbeddedEvenWithDocker() {
    assertThat(
            InfraMode.choose(
                Map.of(InfraMode.FORCE_ENV, "embedded"), InfraMode.KAFKA_ENV, () -> true))
        .isEqualTo(InfraMode.EMBEDDED);
  }

  @Test
  void forcingContainersWithoutDockerFailsLoudly() {
    assertThatThrownBy(
            () ->
                InfraMode.choose(
                    Map.of(InfraMode.FORCE_ENV, "containers"), InfraMode.KAFKA_ENV, () -> false))
        .hasMessageContaining("no Docker engine");
  }

  @Test
  void rejectsAnUnknownForcedMode() {
    assertThatThrownBy(
            () ->
                InfraMode.choose(
                    Map.of(InfraMode.FORCE_ENV, "k8s"), InfraMode.KAFKA_ENV, () -> true))
        .hasMessageContaining(InfraMode.FORCE_ENV);
  }
}
