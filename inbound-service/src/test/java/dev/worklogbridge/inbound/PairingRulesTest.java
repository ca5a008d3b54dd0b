package dev.worklogbridge.inbound;

import static dev.worklogbridge.inbound.Events.ADA;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pairing rule the target refuses is reported loudly, and the next rule is tried. */
@QuarkusTest
@WithTestResource(PairingRulesTestResource.class)
class PairingRulesTest extends InboundTestBase {

  @Test
  void aMissingRemoteKeyFieldIsReportedAndTheSourceFieldStillPairs() {
    sim.setIssueFields("jca", "ESC-3", Map.of("customfield_10070", "SUP-3"));
    events.send(
        Events.created(
            "jca",
            5900,
            3,
            ADA,
            "2026-08-24",
            "09:00:00",
            600,
            "paired by the next rule",
            Instant.parse("2026-08-24T10:00:00Z")));
    await().atMost(Duration.ofSeconds(60)).until(() -> replicas("jcb", "jca:5900").size() == 1);
    assertThat(replicas("jcb", "jca:5900").get(0).path("issue").path("id").asLong())
        .isEqualTo(10003);

    JsonPath status = status();
    assertThat(status.getMap("configurationProblems"))
        .containsKey("acme/jcb pairing customfield_99999");
    assertThat(
            status.getString("configurationProblems.'acme/jcb pairing customfield_99999'.reason"))
        .contains("does not exist on jcb");
    String ready = given().get(readiness).then().extract().asString();
    assertThat(ready).contains("CONFIGURATION").contains("customfield_99999");
  }
}
