package dev.worklogbridge.inbound;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.worklogbridge.runtime.database.Database;
import dev.worklogbridge.testkit.TwoSites;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL hanging (connections open, no answers) or stopped: readiness answers DOWN and the
 * status API 503 with the reason, each promptly; the outage is logged once; both recover.
 */
@QuarkusTest
@WithTestResource(DatabaseOutageTestResource.class)
class DatabaseOutageTest {

  /** Far above the service's own bound (2 s): only a call that hangs with the database hits it. */
  private static final RestAssuredConfig NO_HANGING =
      RestAssuredConfig.config()
          .httpClient(
              HttpClientConfig.httpClientConfig()
                  .setParam("http.socket.timeout", 30_000)
                  .setParam("http.connection.timeout", 30_000));

  @Inject Database database;

  @io.quarkus.test.common.http.TestHTTPResource(value = "/health/ready", management = true)
  java.net.URL readiness;

  private Response ready() {
    return given().config(NO_HANGING).get(readiness);
  }

  private static Response status() {
    return given()
        .config(NO_HANGING)
        .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
        .get("/api/v1/status");
  }

  private void awaitHealthy() {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ready().statusCode() == 200 && status().statusCode() == 200);
  }

  @Test
  void readinessAndStatusAnswerPromptlyWhileTheDatabaseHangsThenRecover() {
    awaitHealthy();
    int logged = database.outagesLogged();
    DatabaseOutageTestResource.proxy.pause();
    try {
      Response r = ready();
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.asString()).contains("worklog-bridge database").contains("did not answer");
      for (int i = 0; i < 3; i++) {
        Response s = status();
        assertThat(s.statusCode()).isEqualTo(503);
        assertThat(s.asString()).contains("the database is unavailable");
      }
      assertThat(database.outagesLogged()).isEqualTo(logged + 1);
    } finally {
      DatabaseOutageTestResource.proxy.resume();
    }
    awaitHealthy();
  }

  @Test
  void readinessAndStatusSayUnavailableWhileTheDatabaseIsStoppedThenRecover() {
    awaitHealthy();
    DatabaseOutageTestResource.proxy.cut();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> ready().statusCode() == 503);
      Response s = status();
      assertThat(s.statusCode()).isEqualTo(503);
      assertThat(s.asString()).contains("the database is unavailable");
    } finally {
      DatabaseOutageTestResource.proxy.restore();
    }
    awaitHealthy();
  }
}
