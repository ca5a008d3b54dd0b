package dev.worklogbridge.simulator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WebhookContractTest extends SimFixture {

  private WebhookReceiver receiver;

  @BeforeEach
  void seed() throws Exception {
    reset();
    receiver = new WebhookReceiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private String subscriptionBody(String event) {
    return "{\"url\": \"" + receiver.url() + "\", \"event\": \"" + event + "\"}";
  }

  /** Subscribes and waits until Tempo's verification has activated the subscription. */
  private String subscribe(String event) {
    JsonPath created =
        tempo(JCA_TOKEN)
            .body(subscriptionBody(event))
            .post("/tempo/jca/4/webhooks/subscriptions")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    String id = created.getString("id");
    await().atMost(Duration.ofSeconds(30)).until(() -> subscription(id).getBoolean("active"));
    return created.getString("sharedSecret");
  }

  private JsonPath subscription(String id) {
    return tempo(JCA_TOKEN)
        .get("/tempo/jca/4/webhooks/subscriptions/" + id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void aSubscriptionHasAUuidAndStaysInactiveUntilItsUrlAnswersTheChallenge() {
    receiver.echoChallenge = false;
    JsonPath created =
        tempo(JCA_TOKEN)
            .body(subscriptionBody("worklog.created"))
            .post("/tempo/jca/4/webhooks/subscriptions")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    String id = created.getString("id");
    assertThat(java.util.UUID.fromString(id).toString()).isEqualTo(id);
    assertThat(created.getBoolean("active")).isFalse();
    assertThat(created.getString("sharedSecret")).isNotBlank();
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.challenges.get() >= 1);
    assertThat(subscription(id).getBoolean("active")).isFalse();
    tempo(JCA_TOKEN)
        .patch("/tempo/jca/4/webhooks/subscriptions/" + id + "/refresh")
        .then()
        .statusCode(400)
        .body("errors[0].message", containsString("verification"));
    receiver.echoChallenge = true;
    tempo(JCA_TOKEN)
        .patch("/tempo/jca/4/webhooks/subscriptions/" + id + "/refresh")
        .then()
        .statusCode(200)
        .body("active", org.hamcrest.Matchers.equalTo(true));
    tempo(JCA_TOKEN)
        .body(subscriptionBody("worklog.created"))
        .post("/tempo/jca/4/webhooks/subscriptions")
        .then()
        .statusCode(409);
    tempo(JCA_TOKEN).delete("/tempo/jca/4/webhooks/subscriptions/" + id).then().statusCode(204);
    tempo(JCA_TOKEN).get("/tempo/jca/4/webhooks/subscriptions/" + id).then().statusCode(404);
  }

  @Test
  void httpUrlsAreRefusedWhenTheSimulatorIsStrict() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"allowHttpWebhooks\": false}")
        .put("/_sim/settings");
    tempo(JCA_TOKEN)
        .body(subscriptionBody("worklog.created"))
        .post("/tempo/jca/4/webhooks/subscriptions")
        .then()
        .statusCode(400)
        .body("errors[0].message", containsString("https"));
  }

  @Test
  void deliveriesAreSignedWithHmacOfBodyAndTimestamp() throws Exception {
    String secret = subscribe("worklog.created");
    long id = create(10001);
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveries.size() == 1);
    WebhookReceiver.Received d = receiver.deliveries.get(0);
    String timestamp = d.header("Tempo-Timestamp");
    // An ISO-8601 instant, as Tempo documents it (not epoch milliseconds).
    assertThat(java.time.Instant.parse(timestamp)).isNotNull();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update(d.body().getBytes(StandardCharsets.UTF_8));
    String expected =
        HexFormat.of().formatHex(mac.doFinal(timestamp.getBytes(StandardCharsets.UTF_8)));
    assertThat(d.header("Tempo-Signature")).isEqualTo(expected);
    assertThat(d.header("Tempo-Tenant-ID")).isNotBlank();
    JsonNode body = new ObjectMapper().readTree(d.body());
    assertThat(body.get("eventType").asText()).isEqualTo("worklog.created");
    assertThat(body.get("eventId").asText()).hasSize(36);
    assertThat(body.at("/payload/tempoWorklogId").asLong()).isEqualTo(id);
    assertThat(body.at("/payload/startTime").asText()).isEqualTo("09:00:00");
  }

  @Test
  void deletedEventsCarryTheLastStateAndOnlySubscribedEventsArrive() throws Exception {
    subscribe("worklog.deleted");
    long id = create(10001);
    tempo(JCA_TOKEN).delete("/tempo/jca/4/worklogs/" + id).then().statusCode(204);
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveries.size() == 1);
    JsonNode body = new ObjectMapper().readTree(receiver.deliveries.get(0).body());
    assertThat(body.get("eventType").asText()).isEqualTo("worklog.deleted");
    assertThat(body.at("/payload/timeSpentSeconds").asLong()).isEqualTo(3600);
    Thread.sleep(300);
    assertThat(receiver.deliveries).hasSize(1);
  }

  @Test
  void failedDeliveriesAreRetriedWithTheSameEventIdThenTheSubscriptionIsDeactivated()
      throws Exception {
    given()
        .contentType(ContentType.JSON)
        .body("{\"webhookRetryDelayMs\": 50, \"webhookMaxAttempts\": 3}")
        .put("/_sim/settings");
    subscribe("worklog.created");
    receiver.status = 503;
    create(10001);
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveries.size() == 3);
    ObjectMapper json = new ObjectMapper();
    assertThat(receiver.deliveries)
        .extracting(d -> json.readTree(d.body()).get("eventId").asText())
        .containsOnly(json.readTree(receiver.deliveries.get(0).body()).get("eventId").asText());
    // Every retry carries the first attempt's Tempo-Timestamp.
    assertThat(receiver.deliveries)
        .extracting(d -> d.header("Tempo-Timestamp"))
        .containsOnly(receiver.deliveries.get(0).header("Tempo-Timestamp"));
    given()
        .get("/_sim/sites/jca")
        .then()
        .body("webhookSubscriptions[0].active", org.hamcrest.Matchers.equalTo(false));
    receiver.status = 200;
    create(10001);
    Thread.sleep(300);
    assertThat(receiver.deliveries).hasSize(3);
  }

  @Test
  void actingAsAPersonFiresWebhooks() {
    subscribe("worklog.updated");
    long id = create(10001);
    given()
        .contentType(ContentType.JSON)
        .body("{\"as\": \"" + ADA + "\", \"description\": \"changed\"}")
        .put("/_sim/sites/jca/act/worklogs/" + id)
        .then()
        .statusCode(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveries.size() == 1);
    assertThat(receiver.deliveries.get(0).body()).contains("changed");
  }
}
