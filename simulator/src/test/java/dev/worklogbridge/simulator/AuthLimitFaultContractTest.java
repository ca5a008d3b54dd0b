package dev.worklogbridge.simulator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tokens, rate limits and injected faults: what makes a client's error handling honest. */
@QuarkusTest
class AuthLimitFaultContractTest extends SimFixture {

  @ConfigProperty(name = "quarkus.http.test-port")
  int port;

  @BeforeEach
  void seed() {
    reset();
  }

  @Test
  void aTokenOfOneSiteIsRejectedOnAnother() {
    tempo(JCB_TOKEN).get("/tempo/jca/4/worklogs").then().statusCode(401);
    tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs").then().statusCode(200);
    jira("bridge@jcb.example", "jira-jcb")
        .get("/jira/jca/rest/api/3/issue/ESC-1")
        .then()
        .statusCode(401);
  }

  @Test
  void aViewTokenMayReadAndSearchButNotWrite() {
    tempo(JCA_VIEW).get("/tempo/jca/4/worklogs").then().statusCode(200);
    tempo(JCA_VIEW).body("{}").post("/tempo/jca/4/worklogs/search").then().statusCode(200);
    tempo(JCA_VIEW)
        .body(worklog(10001, "09:00:00", ""))
        .post("/tempo/jca/4/worklogs")
        .then()
        .statusCode(403);
  }

  @Test
  void expiredAndRevokedTokensAreRejectedAndAReplacementWorks() {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"token\": \"old-one\", \"label\": \"jca-old\", \"expiresAt\": \"2020-01-01T00:00:00Z\"}")
        .post("/_sim/sites/jca/tempo-tokens")
        .then()
        .statusCode(204);
    tempo("old-one").get("/tempo/jca/4/worklogs").then().statusCode(401);
    given().post("/_sim/sites/jca/tempo-tokens/jca-manage/revoke").then().statusCode(204);
    tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs").then().statusCode(401);
    given()
        .contentType(ContentType.JSON)
        .body("{\"token\": \"brand-new\", \"label\": \"jca-manage\"}")
        .post("/_sim/sites/jca/tempo-tokens")
        .then()
        .statusCode(204);
    tempo("brand-new").get("/tempo/jca/4/worklogs").then().statusCode(200);
  }

  @Test
  void jiraNeedsBasicAuthWithEmailAndApiToken() {
    given().get("/jira/jca/rest/api/3/issue/ESC-1").then().statusCode(401);
    jira("bridge@jca.example", "wrong")
        .get("/jira/jca/rest/api/3/issue/ESC-1")
        .then()
        .statusCode(401);
    jira("bridge@jca.example", "jira-jca")
        .get("/jira/jca/rest/api/3/issue/ESC-1")
        .then()
        .statusCode(200);
  }

  @Test
  void theRateLimitAnswers429WithRetryAfterAtFivePerSecond() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"tempoRequestsPerSecond\": 5, \"retryAfterSeconds\": 1}")
        .put("/_sim/sites/jca/limits");
    // Time stands still while the requests are sent, however long the machine takes for them.
    freezeClock();
    List<Integer> statuses = statuses(20);
    assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(5);
    assertThat(statuses.subList(5, 20)).containsOnly(429);
    var refused = tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).isEqualTo("1");
    advanceClock(400);
    assertThat(statuses(3)).containsExactly(200, 200, 429);
    advanceClock(1000);
    assertThat(statuses(6)).containsExactly(200, 200, 200, 200, 200, 429);
  }

  @Test
  void theRateLimitCanAnswerWithoutRetryAfterAndIsPerToken() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"tempoRequestsPerSecond\": 2}")
        .put("/_sim/sites/jca/limits");
    freezeClock();
    assertThat(statuses(2)).containsOnly(200);
    var last = tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs");
    assertThat(last.statusCode()).isEqualTo(429);
    assertThat(last.header("Retry-After")).isNull();
    tempo(JCA_VIEW).get("/tempo/jca/4/worklogs").then().statusCode(200);
  }

  @Test
  void theClockOnlyMovesWhenFrozenAndToldTo() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"millis\": 1000}")
        .post("/_sim/clock/advance")
        .then()
        .statusCode(400);
    given()
        .contentType(ContentType.JSON)
        .body("{\"at\": \"2026-08-24T10:00:00Z\"}")
        .put("/_sim/clock")
        .then()
        .statusCode(200)
        .body("now", equalTo("2026-08-24T10:00:00Z"));
    advanceClock(1500);
    given().get("/_sim/clock").then().body("now", equalTo("2026-08-24T10:00:01.500Z"));
    long id = create(10001);
    tempo(JCA_TOKEN)
        .get("/tempo/jca/4/worklogs/" + id)
        .then()
        .body("createdAt", equalTo("2026-08-24T10:00:01Z"));
    given().contentType(ContentType.JSON).body("{\"timestampMillis\": true}").put("/_sim/settings");
    long second = create(10001);
    tempo(JCA_TOKEN)
        .get("/tempo/jca/4/worklogs/" + second)
        .then()
        .body("createdAt", equalTo("2026-08-24T10:00:01.500Z"));
    given().delete("/_sim/clock").then().body("frozen", equalTo(false));
  }

  private List<Integer> statuses(int requests) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      statuses.add(tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs").statusCode());
    }
    return statuses;
  }

  @Test
  void injectedErrorsAreDeterministicForASeed() {
    List<Integer> first = errorRun();
    reset();
    List<Integer> second = errorRun();
    assertThat(first).isEqualTo(second).contains(200).containsAnyOf(500, 502, 503);
  }

  private List<Integer> errorRun() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"api\": \"tempo\", \"errorRate\": 0.3, \"seed\": 7}")
        .post("/_sim/sites/jca/faults")
        .then()
        .statusCode(204);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      statuses.add(tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs").statusCode());
    }
    return statuses;
  }

  @Test
  void injectedLatencyDelaysTheAnswerOfMatchingPathsOnly() {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"api\": \"tempo\", \"method\": \"POST\", \"path\": \"/4/worklogs\", \"latencyMs\": 400}")
        .post("/_sim/sites/jca/faults");
    long seq = given().get("/_sim/requests/last").then().extract().jsonPath().getLong("seq");
    long start = System.nanoTime();
    create(10001);
    long postMs = (System.nanoTime() - start) / 1_000_000;
    tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs").then().statusCode(200);
    // A lower bound holds on any machine; the GET's absence of delay is read from what the
    // simulator says it did, not from a stopwatch.
    assertThat(postMs).isGreaterThanOrEqualTo(400);
    JsonPath log = given().get("/_sim/requests?site=jca&after=" + seq).then().extract().jsonPath();
    assertThat(log.getList("method", String.class)).containsExactly("POST", "GET");
    assertThat(log.getList("injectedDelayMs", Integer.class)).containsExactly(400, 0);
  }

  @Test
  void aDroppedConnectionGetsNoAnswerAndIsLoggedAsStatusZero() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"api\": \"tempo\", \"dropRate\": 1.0, \"times\": 1}")
        .post("/_sim/sites/jca/faults");
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/tempo/jca/4/worklogs"))
            .header("Authorization", "Bearer " + JCA_TOKEN)
            .build();
    try {
      http.send(request, HttpResponse.BodyHandlers.ofString());
      throw new AssertionError("a dropped connection answered");
    } catch (java.io.IOException e) {
      // expected: the connection was closed without a response
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs").then().statusCode(200);
    JsonPath log = given().get("/_sim/requests?site=jca").then().extract().jsonPath();
    assertThat(log.getList("status", Integer.class)).contains(0, 200);
  }

  @Test
  void aHungRequestNeverAnswers() throws Exception {
    given()
        .contentType(ContentType.JSON)
        .body("{\"api\": \"tempo\", \"hangRate\": 1.0, \"hangMs\": 3000, \"times\": 1}")
        .post("/_sim/sites/jca/faults");
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/tempo/jca/4/worklogs"))
            .header("Authorization", "Bearer " + JCA_TOKEN)
            .timeout(Duration.ofMillis(800))
            .build();
    try {
      http.send(request, HttpResponse.BodyHandlers.ofString());
      throw new AssertionError("a hung request answered");
    } catch (HttpTimeoutException e) {
      // expected
    }
  }

  @Test
  void theRequestLogNamesTheTokenByLabelNeverTheTokenItself() {
    tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs").then().statusCode(200);
    tempo(JCB_TOKEN).get("/tempo/jca/4/worklogs").then().statusCode(401);
    String log = given().get("/_sim/requests?site=jca").then().extract().asString();
    assertThat(log).doesNotContain(JCA_TOKEN).doesNotContain(JCB_TOKEN);
    JsonPath json = JsonPath.from(log);
    assertThat(json.getList("tokenLabel")).containsExactly("jca-manage", "jcb-manage");
    assertThat(json.getList("tokenSite")).containsExactly("jca", "jcb");
    given().get("/_sim/counters").then().body("'jca.tempo.401'", equalTo(1));
  }
}
