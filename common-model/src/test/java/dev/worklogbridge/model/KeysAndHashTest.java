package dev.worklogbridge.model;

import static dev.worklogbridge.model.ReplicaEventCodecTest.attrs;
import static dev.worklogbridge.model.ReplicaEventCodecTest.withWorklog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class KeysAndHashTest {

  @Test
  void hashIgnoresTheOrderOfAttributes() {
    WorklogState a = SampleEvents.state("x", attrs("_Account_", "ACC-1", "_Phase_", "dev"));
    WorklogState b = SampleEvents.state("x", attrs("_Phase_", "dev", "_Account_", "ACC-1"));
    assertThat(WorklogContent.of("u1", a).hash()).isEqualTo(WorklogContent.of("u1", b).hash());
  }

  @Property(tries = 200)
  void hashIsStableUnderAnyPermutationOfAttributes(
      @ForAll @Size(max = 8) List<@StringLength(min = 1, max = 12) String> keys,
      @ForAll long seed) {
    List<Attribute> attributes = new ArrayList<>();
    keys.stream().distinct().forEach(k -> attributes.add(new Attribute(k, "v-" + k)));
    List<Attribute> shuffled = new ArrayList<>(attributes);
    Collections.shuffle(shuffled, new java.util.Random(seed));
    assertThat(WorklogContent.of("u", SampleEvents.state("d", attributes)).hash())
        .isEqualTo(WorklogContent.of("u", SampleEvents.state("d", shuffled)).hash());
  }

  @Test
  void hashChangesWithEveryFieldAPersonCanEdit() {
    WorklogContent base =
        new WorklogContent(
            "u1",
            LocalDate.parse("2026-01-01"),
            LocalTime.parse("13:00:00"),
            3600,
            3600,
            "d",
            new java.util.TreeMap<>(java.util.Map.of("_Account_", "A")));
    List<WorklogContent> edits =
        List.of(
            new WorklogContent(
                "u2", base.startDate(), base.startTime(), 3600, 3600, "d", base.attributes()),
            new WorklogContent(
                "u1",
                base.startDate().plusDays(1),
                base.startTime(),
                3600,
                3600,
                "d",
                base.attributes()),
            new WorklogContent(
                "u1",
                base.startDate(),
                LocalTime.parse("13:00:01"),
                3600,
                3600,
                "d",
                base.attributes()),
            new WorklogContent(
                "u1", base.startDate(), base.startTime(), 3601, 3600, "d", base.attributes()),
            new WorklogContent(
                "u1", base.startDate(), base.startTime(), 3600, 0, "d", base.attributes()),
            new WorklogContent(
                "u1", base.startDate(), base.startTime(), 3600, 3600, "e", base.attributes()),
            new WorklogContent(
                "u1",
                base.startDate(),
                base.startTime(),
                3600,
                3600,
                "d",
                new java.util.TreeMap<>(java.util.Map.of("_Account_", "B"))));
    assertThat(edits)
        .extracting(WorklogContent::hash)
        .doesNotContain(base.hash())
        .doesNotHaveDuplicates();
  }

  @Test
  void hashIgnoresTheLineageMarkerAndTimestamps() {
    WorklogState plain = SampleEvents.state("x", attrs("_Account_", "ACC-1"));
    WorklogState marked =
        SampleEvents.state("x", attrs("_Account_", "ACC-1", LineageMarker.ATTRIBUTE_KEY, "jca:1"));
    assertThat(WorklogContent.of("u", marked).hash())
        .isEqualTo(WorklogContent.of("u", plain).hash());
  }

  @Test
  void hashTreatsAMissingDescriptionAsEmptyAndMissingBillableAsAllTime() {
    WorklogContent a = new WorklogContent("u", LocalDate.EPOCH, LocalTime.NOON, 60, 60, null, null);
    WorklogContent b =
        new WorklogContent(
            "u", LocalDate.EPOCH, LocalTime.NOON, 60, 60, "", new java.util.TreeMap<>());
    assertThat(a.hash()).isEqualTo(b.hash());
    WorklogState noBillable =
        new WorklogState(
            LocalDate.EPOCH, LocalTime.NOON, 60, null, "", null, List.of(), null, null);
    assertThat(WorklogContent.of("u", noBillable).billableSeconds()).isEqualTo(60);
  }

  @Test
  void hashCannotBeFooledByMovingASeparatorBetweenFields() {
    WorklogContent a =
        new WorklogContent("u", LocalDate.EPOCH, LocalTime.NOON, 60, 60, "a\nb", null);
    WorklogContent b =
        new WorklogContent(
            "u",
            LocalDate.EPOCH,
            LocalTime.NOON,
            60,
            60,
            "a",
            new java.util.TreeMap<>(java.util.Map.of("b", "")));
    assertThat(a.hash()).isNotEqualTo(b.hash());
  }

  @Test
  void idempotencyKeyIsTheSameForARedeliveryOrARepublication() {
    ReplicaEvent event = SampleEvents.created();
    ReplicaEvent republished =
        new ReplicaEvent(
            event.schemaVersion(),
            UUID.randomUUID().toString(),
            event.type(),
            event.connection(),
            event.lineage(),
            event.source(),
            event.sourceVersion(),
            Instant.now(),
            event.issue(),
            event.author(),
            event.worklog(),
            event.contentHash());
    assertThat(republished.idempotencyKey()).isEqualTo(event.idempotencyKey());
  }

  @Test
  void idempotencyKeyDiffersForEveryRealChange() {
    ReplicaEvent event = SampleEvents.created();
    WorklogState w = event.worklog();
    ReplicaEvent edited =
        withWorklog(
            event,
            new WorklogState(
                w.startDate(),
                w.startTime(),
                7200,
                w.billableSeconds(),
                w.description(),
                null,
                w.attributes(),
                w.createdAt(),
                w.updatedAt()));
    assertThat(edited.idempotencyKey()).isNotEqualTo(event.idempotencyKey());
    assertThat(SampleEvents.deleted().idempotencyKey()).isNotEqualTo(event.idempotencyKey());
  }

  @Test
  void keyIsTheLineageId() {
    assertThat(SampleEvents.created().key()).isEqualTo("jca:126");
    assertThat(Lineage.parse("jca:126")).isEqualTo(new Lineage("jca", 126));
  }

  @Test
  void lineageIdsThatAreNotSiteColonNumberAreRejected() {
    for (String bad : new String[] {"jca", "jca:", ":1", "jca:x", "JCA:1"}) {
      assertThatThrownBy(() -> Lineage.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Property(tries = 100)
  void lineageIdRoundTrips(@ForAll("names") String site, @ForAll long id) {
    long positive = id == Long.MIN_VALUE ? 1 : Math.max(1, Math.abs(id));
    Lineage lineage = new Lineage(site, positive);
    assertThat(Lineage.parse(lineage.id())).isEqualTo(lineage);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> names() {
    return net.jqwik.api.Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
        .ofMinLength(1)
        .ofMaxLength(64)
        .filter(Names::isValid);
  }

  @Test
  void topicNamesFollowTheConnection() {
    assertThat(Topics.replica("acme")).isEqualTo("worklog-replica.acme");
    assertThat(Topics.deadLetter("acme")).isEqualTo("worklog-replica.acme.dlq");
    assertThat(Topics.inboundGroup("acme", "jcb")).isEqualTo("inbound-acme-jcb");
  }

  @Test
  void connectionNamesThatKafkaCannotCarryAreRejectedWithTheKey() {
    for (String bad :
        new String[] {"", "Acme", "acme.eu", "acme_eu", "-acme", "a b", "x".repeat(65)}) {
      assertThatThrownBy(() -> Topics.replica(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("connection");
    }
    assertThat(Names.isValid("acme-eu-2")).isTrue();
  }

  @Property(tries = 200)
  void everyValidNameMakesALegalKafkaTopic(@ForAll("names") String connection) {
    String dlq = Topics.deadLetter(connection);
    assertThat(dlq).matches("[a-zA-Z0-9._-]+").hasSizeLessThanOrEqualTo(249);
  }
}
