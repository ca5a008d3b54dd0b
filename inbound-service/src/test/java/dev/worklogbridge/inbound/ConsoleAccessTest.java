package dev.worklogbridge.inbound;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.worklogbridge.runtime.admin.AdminAuthFilter;
import dev.worklogbridge.testkit.BridgeTestResource;
import dev.worklogbridge.testkit.TwoSites;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's door: the login form on the admin key, the session it gives, what a session may do
 * through /api/v1 and what it may not; the lookups and the delay history the page shows.
 */
@QuarkusTest
@WithTestResource(BridgeTestResource.class)
class ConsoleAccessTest extends InboundTestBase {

  private static final String SESSION = "quarkus-credential";

  private static Response login(String key) {
    return given()
        .redirects()
        .follow(false)
        .formParam("j_username", "Dana <ops>")
        .formParam("j_password", key)
        .post("/j_security_check");
  }

  private static Cookie session() {
    Response r = login(TwoSites.ADMIN_KEY);
    r.then().statusCode(302).header("Location", containsString("/console/"));
    Cookie c = r.getDetailedCookie(SESSION);
    assertThat(c).isNotNull();
    assertThat(c.isHttpOnly()).isTrue();
    assertThat(c.getSameSite()).isEqualToIgnoringCase("strict");
    return c;
  }

  @Test
  void noPageOrDataWithoutASessionAndAWrongKeyGetsNone() {
    given()
        .redirects()
        .follow(false)
        .get("/console/")
        .then()
        .statusCode(302)
        .header("Location", containsString("/console/login.html"));
    given().redirects().follow(false).get("/console/console.js").then().statusCode(302);
    given().get("/console/login.html").then().statusCode(200).body(containsString("j_password"));
    Response refused = login("not-the-key");
    refused.then().statusCode(302).header("Location", containsString("refused"));
    assertThat(refused.getDetailedCookie(SESSION)).isNull();
    given().redirects().follow(false).get("/console/session").then().statusCode(302);
  }

  @Test
  void aSessionReadsTheApiButWritesOnlyWithTheConsolesHeaderAndFromThisOrigin() {
    Cookie s = session();
    given().cookie(s).get("/console/").then().statusCode(200).body(containsString("console.js"));
    given()
        .cookie(s)
        .get("/console/session")
        .then()
        .statusCode(200)
        .body("operator", equalTo("Dana ops"));
    given()
        .cookie(s)
        .get("/api/v1/status")
        .then()
        .statusCode(200)
        .body("service", equalTo("inbound"));
    String retry = "/api/v1/connections/acme/sites/jcb/parked/retry";
    // A form or script of another site could send the cookie, never the header.
    given()
        .cookie(s)
        .post(retry)
        .then()
        .statusCode(403)
        .body("error", containsString(AdminAuthFilter.CONSOLE_HEADER));
    given()
        .cookie(s)
        .header(AdminAuthFilter.CONSOLE_HEADER, "1")
        .post(retry)
        .then()
        .statusCode(200);
    given()
        .cookie(s)
        .header(AdminAuthFilter.CONSOLE_HEADER, "1")
        .header("Origin", "https://elsewhere.example")
        .post(retry)
        .then()
        .statusCode(403);
    // The key itself still works alone, as curl uses it; a wrong bearer is not saved by a session.
    given()
        .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
        .post(retry)
        .then()
        .statusCode(200);
    given()
        .cookie(s)
        .header("Authorization", "Bearer wrong")
        .get("/api/v1/status")
        .then()
        .statusCode(401);
  }

  @Test
  void loggingOutClearsTheSessionCookie() {
    Cookie s = session();
    Response out = given().redirects().follow(false).cookie(s).post("/console/session/logout");
    out.then().statusCode(303).header("Location", containsString("/console/login.html"));
    Cookie cleared = out.getDetailedCookie(SESSION);
    assertThat(cleared).isNotNull();
    assertThat(cleared.getValue()).isEmpty();
  }

  @Test
  void aWorklogIsFoundByEitherSitesWorklogIdOrByEitherIssueAndItsDelayIsInTheHour() {
    events.send(
        Events.created(
            "jca", 7460, 1, Events.ADA, "2026-08-24", "08:00:00", 60, "found", Instant.now()));
    await().atMost(Duration.ofSeconds(60)).until(() -> replicas("jcb", "jca:7460").size() == 1);
    long replicaId = replicas("jcb", "jca:7460").get(0).path("tempoWorklogId").asLong();
    Cookie s = session();
    for (Map.Entry<String, String> q :
        Map.of("worklog", "jcb:" + replicaId, "issue", "jcb:SUP-1").entrySet()) {
      given()
          .cookie(s)
          .queryParam(q.getKey(), q.getValue())
          .get("/api/v1/connections/acme/lineages")
          .then()
          .statusCode(200)
          .body("lineages.lineage", hasItem("jca:7460"));
    }
    given()
        .cookie(s)
        .queryParam("issue", "jcb:10001")
        .get("/api/v1/connections/acme/lineages")
        .then()
        .statusCode(200)
        .body("lineages.lineage", hasItem("jca:7460"));
    given()
        .cookie(s)
        .queryParam("worklog", "jcz:1")
        .get("/api/v1/connections/acme/lineages")
        .then()
        .statusCode(400)
        .body("error", containsString("jca or jcb"));
    given()
        .cookie(s)
        .queryParam("issue", "jcb:SUP-999999")
        .get("/api/v1/connections/acme/lineages")
        .then()
        .statusCode(404);
    List<Map<String, Object>> minutes =
        given().cookie(s).get("/api/v1/delays").then().statusCode(200).extract().path("minutes");
    assertThat(minutes).hasSize(60);
    assertThat(
            ((Number) minutes.get(59).get("count")).longValue()
                + ((Number) minutes.get(58).get("count")).longValue())
        .isGreaterThanOrEqualTo(1);
  }
}
