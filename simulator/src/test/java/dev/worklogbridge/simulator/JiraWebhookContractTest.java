package dev.worklogbridge.simulator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JiraWebhookContractTest extends SimFixture {

  private static final ObjectMapper JSON = new ObjectMapper();
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

  private static RequestSpecification jca() {
    return jira("bridge@jca.example", "jira-jca");
  }

  private long register(String jql) {
    return jca()
        .body(
            "{\"url\": \""
                + receiver.url()
                + "\", \"webhooks\": [{\"events\": [\"worklog_created\", \"worklog_updated\","
                + " \"worklog_deleted\"], \"jqlFilter\": \""
                + jql
                + "\"}]}")
        .post("/jira/jca/rest/api/3/webhook")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("webhookRegistrationResult[0].createdWebhookId");
  }

  private List<JsonNode> received() {
    return receiver.deliveries.stream()
        .map(
            r -> {
              try {
                return JSON.readTree(r.body());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  private String addJiraWorklog(String issue) {
    return jca()
        .body("{\"started\": \"2026-01-17T12:34:00.000+0000\", \"timeSpentSeconds\": 600}")
        .post("/jira/jca/rest/api/3/issue/" + issue + "/worklog")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  @Test
  void webhooksAreRegisteredListedAndDeletedWithARequiredJqlFilter() {
    jca()
        .body(
            "{\"url\": \""
                + receiver.url()
                + "\", \"webhooks\": [{\"events\": [\"worklog_created\"]}]}")
        .post("/jira/jca/rest/api/3/webhook")
        .then()
        .statusCode(400)
        .body("errorMessages[0]", containsString("jqlFilter"));
    long id = register("project = ESC");
    jca()
        .get("/jira/jca/rest/api/3/webhook")
        .then()
        .statusCode(200)
        .body("values", hasSize(1))
        .body("values[0].jqlFilter", equalTo("project = ESC"))
        .body("values[0].events", hasSize(3));
    jca()
        .body("{\"webhookIds\": [" + id + "]}")
        .delete("/jira/jca/rest/api/3/webhook")
        .then()
        .statusCode(202);
    jca().get("/jira/jca/rest/api/3/webhook").then().body("values", hasSize(0));
  }

  @Test
  void worklogCreatedUpdatedAndDeletedThroughJiraAreDeliveredForMatchingIssuesOnly() {
    register("project = ESC");
    addJiraWorklog("OPS-1");
    String id = addJiraWorklog("ESC-1");
    jca()
        .body("{\"timeSpentSeconds\": 1200}")
        .put("/jira/jca/rest/api/3/issue/ESC-1/worklog/" + id)
        .then()
        .statusCode(200);
    jca().delete("/jira/jca/rest/api/3/issue/ESC-1/worklog/" + id).then().statusCode(204);
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveries.size() >= 3);
    List<JsonNode> got = received();
    assertThat(got)
        .extracting(n -> n.path("webhookEvent").asText())
        .containsExactlyInAnyOrder("worklog_created", "worklog_updated", "worklog_deleted");
    assertThat(got)
        .allSatisfy(
            n -> {
              assertThat(n.path("worklog").path("id").asText()).isEqualTo(id);
              assertThat(n.path("worklog").path("issueId").asText()).isEqualTo("10001");
              assertThat(n.path("timestamp").asLong()).isPositive();
            });
    JsonNode updated =
        got.stream()
            .filter(n -> n.path("webhookEvent").asText().equals("worklog_updated"))
            .findFirst()
            .orElseThrow();
    assertThat(updated.path("worklog").path("timeSpentSeconds").asLong()).isEqualTo(1200);
    assertThat(receiver.deliveries)
        .allSatisfy(r -> assertThat(r.header("X-Atlassian-Webhook-Identifier")).isNotBlank());
  }

  @Test
  void theJiraTwinOfATempoWorklogIsReportedByJiraToo() {
    register("project = ESC");
    long tempoId = create(10001);
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveries.size() >= 1);
    JsonNode twin = received().get(0);
    assertThat(twin.path("webhookEvent").asText()).isEqualTo("worklog_created");
    String jiraId =
        tempo(JCA_TOKEN)
            .body("{\"tempoWorklogIds\": [" + tempoId + "]}")
            .post("/tempo/jca/4/worklogs/tempo-to-jira")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("results[0].jiraWorklogId");
    assertThat(twin.path("worklog").path("id").asText()).isEqualTo(jiraId);
    assertThat(twin.path("worklog").path("author").path("accountId").asText())
        .as("the twin belongs to the Tempo app, not to the person")
        .isNotEqualTo(ADA);
  }

  @Test
  void aFailedDeliveryIsRetriedWithTheSameIdentifier() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"webhookRetryDelayMs\": 100, \"webhookMaxAttempts\": 3}")
        .put("/_sim/settings")
        .then()
        .statusCode(204);
    register("project = ESC");
    receiver.status = 500;
    addJiraWorklog("ESC-2");
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveries.size() >= 3);
    assertThat(receiver.deliveries)
        .extracting(r -> r.header("X-Atlassian-Webhook-Identifier"))
        .containsOnly(receiver.deliveries.get(0).header("X-Atlassian-Webhook-Identifier"));
    assertThat(receiver.deliveries)
        .extracting(r -> r.header("X-Atlassian-Webhook-Retry"))
        .containsExactly("0", "1", "2");
  }
}
