package dev.worklogbridge.simulator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tempo v4 as our clients meet it: shapes, validation and quirks, each as its own test. */
@QuarkusTest
class TempoContractTest extends SimFixture {

  @BeforeEach
  void seed() {
    reset();
  }

  @Test
  void createAnswers200WithIntegerIdsAndNoIssueKey() {
    tempo(JCA_TOKEN)
        .body(worklog(10001, "16:00:00", ""))
        .post("/tempo/jca/4/worklogs")
        .then()
        .statusCode(200)
        .body("tempoWorklogId", instanceOf(Integer.class))
        .body("issue.id", equalTo(10001))
        .body("issue", not(org.hamcrest.Matchers.hasKey("key")))
        .body("startTime", equalTo("16:00:00"))
        .body("startDateTimeUtc", equalTo("2026-08-24T15:00:00Z"))
        .body("billableSeconds", equalTo(3600))
        .body("self", startsWith("http://"))
        .body("author.accountId", equalTo(ADA));
  }

  @Test
  void startTimeWithoutSecondsIsRejected() {
    tempo(JCA_TOKEN)
        .body(worklog(10001, "09:00", ""))
        .post("/tempo/jca/4/worklogs")
        .then()
        .statusCode(400)
        .contentType(ContentType.JSON)
        .body("errors[0].message", containsString("HH:mm:ss"));
  }

  @Test
  void stringIssueIdIsRejected() {
    tempo(JCA_TOKEN)
        .body(
            worklog(10001, "09:00:00", "").replace("\"issueId\": 10001", "\"issueId\": \"10001\""))
        .post("/tempo/jca/4/worklogs")
        .then()
        .statusCode(400)
        .body("errors[0].message", containsString("issueId must be a number"));
  }

  @Test
  void unknownAttributeKeyIsRejectedAndStaticListValuesAreChecked() {
    tempo(JCA_TOKEN)
        .body(
            worklog(
                10001, "09:00:00", ", \"attributes\": [{\"key\": \"_Nope_\", \"value\": \"x\"}]"))
        .post("/tempo/jca/4/worklogs")
        .then()
        .statusCode(400)
        .body("errors[0].message", containsString("_Nope_"));
    tempo(JCA_TOKEN)
        .body(
            worklog(
                10001,
                "09:00:00",
                ", \"attributes\": [{\"key\": \"_Phase_\", \"value\": \"prod\"}]"))
        .post("/tempo/jca/4/worklogs")
        .then()
        .statusCode(400);
    tempo(JCA_TOKEN)
        .body(
            worklog(
                10001,
                "09:00:00",
                ", \"attributes\": [{\"key\": \"_Phase_\", \"value\": \"dev\"}]"))
        .post("/tempo/jca/4/worklogs")
        .then()
        .statusCode(200)
        .body("attributes.values[0].key", equalTo("_Phase_"));
  }

  @Test
  void inactiveOrUnknownAuthorsCannotLogWork() {
    tempo(JCA_TOKEN)
        .body(worklog(10001, "09:00:00", "").replace(ADA, GONE))
        .post("/tempo/jca/4/worklogs")
        .then()
        .statusCode(400)
        .body("errors[0].message", containsString("inactive"));
  }

  @Test
  void updateIsAFullReplacementAndCannotMoveTheWorklog() {
    long id = create(10001);
    tempo(JCA_TOKEN)
        .body(worklog(10002, "10:00:00", ""))
        .put("/tempo/jca/4/worklogs/" + id)
        .then()
        .statusCode(400)
        .body("errors[0].message", containsString("cannot move"));
    tempo(JCA_TOKEN)
        .body(
            "{\"authorAccountId\": \""
                + ADA
                + "\", \"startDate\": \"2026-08-25\", \"timeSpentSeconds\": 60}")
        .put("/tempo/jca/4/worklogs/" + id)
        .then()
        .statusCode(200)
        .body("description", equalTo(""))
        .body("startTime", equalTo("00:00:00"))
        .body("billableSeconds", equalTo(60))
        .body("issue.id", equalTo(10001));
  }

  @Test
  void deleteAnswers204AndTheWorklogIsGone() {
    long id = create(10001);
    tempo(JCA_TOKEN).delete("/tempo/jca/4/worklogs/" + id).then().statusCode(204).body(equalTo(""));
    tempo(JCA_TOKEN)
        .get("/tempo/jca/4/worklogs/" + id)
        .then()
        .statusCode(404)
        .body("errors", hasSize(1));
  }

  @Test
  void listPagesThroughMetadataNextAsAnAbsoluteUrlUntilItIsAbsent() {
    for (int i = 0; i < 5; i++) {
      create(10001);
    }
    JsonPath first =
        tempo(JCA_TOKEN)
            .get("/tempo/jca/4/worklogs?limit=2")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(first.getInt("metadata.count")).isEqualTo(2);
    assertThat(first.getString("metadata.previous")).isNull();
    String next = first.getString("metadata.next");
    assertThat(next).startsWith("http://").contains("offset=2").contains("limit=2");
    List<Integer> ids = new ArrayList<>(first.getList("results.tempoWorklogId"));
    while (next != null) {
      JsonPath page = tempo(JCA_TOKEN).get(next).then().statusCode(200).extract().jsonPath();
      ids.addAll(page.getList("results.tempoWorklogId"));
      next = page.getString("metadata.next");
    }
    assertThat(ids).hasSize(5).doesNotHaveDuplicates();
  }

  @Test
  void listFiltersByUpdatedFromDatesIssueAndProjectAndOrdersByUpdated() throws Exception {
    freezeClock();
    long a = create(10001);
    long b = create(10002);
    create(20001);
    advanceClock(1100);
    tempo(JCA_TOKEN)
        .body(worklog(10001, "11:00:00", "").replace(", \"issueId\": 10001", ""))
        .put("/tempo/jca/4/worklogs/" + a)
        .then()
        .statusCode(200);
    String updatedAt =
        tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs/" + a).then().extract().path("updatedAt");
    tempo(JCA_TOKEN)
        .get("/tempo/jca/4/worklogs?orderBy=UPDATED&updatedFrom=" + updatedAt)
        .then()
        .statusCode(200)
        .body("results.tempoWorklogId", equalTo(List.of((int) a)));
    // Documented: "Order results by the specified field descending": the newest update first.
    tempo(JCA_TOKEN)
        .get("/tempo/jca/4/worklogs?orderBy=UPDATED&updatedFrom=2026-01-01")
        .then()
        .body("results.tempoWorklogId[0]", equalTo((int) a));
    tempo(JCA_TOKEN)
        .get("/tempo/jca/4/worklogs?orderBy=ID")
        .then()
        .body("results.tempoWorklogId[-1]", equalTo((int) a));
    tempo(JCA_TOKEN)
        .body("{\"orderBy\": [{\"field\": \"UPDATED\", \"order\": \"ASC\"}]}")
        .post("/tempo/jca/4/worklogs/search")
        .then()
        .body("results.tempoWorklogId[-1]", equalTo((int) a));
    tempo(JCA_TOKEN)
        .get("/tempo/jca/4/worklogs?issueId=10002&issueId=20001")
        .then()
        .body("results", hasSize(2))
        .body("results.tempoWorklogId[0]", equalTo((int) b));
    tempo(JCA_TOKEN)
        .get("/tempo/jca/4/worklogs?projectId=10000")
        .then()
        .body("metadata.count", equalTo(2));
    tempo(JCA_TOKEN)
        .get("/tempo/jca/4/worklogs?from=2026-08-25&to=2026-08-31")
        .then()
        .body("results", hasSize(0));
  }

  @Test
  void removedV3ParametersAnswer400AndUnknownOnesAreIgnored() {
    tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs?project=ESC").then().statusCode(400);
    tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs?issue=ESC-1").then().statusCode(400);
    tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs?whatever=1").then().statusCode(200);
  }

  @Test
  void limitAbove5000AndMalformedUpdatedFromAreRejected() {
    tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs?limit=5001").then().statusCode(400);
    tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs?limit=5000").then().statusCode(200);
    tempo(JCA_TOKEN)
        .get("/tempo/jca/4/worklogs?updatedFrom=2026-08-24T10:00")
        .then()
        .statusCode(400);
    tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs?orderBy=NAME").then().statusCode(400);
  }

  @Test
  void perIssueUserAndProjectListsAndSearchAgree() {
    create(10001);
    create(10002);
    tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs/issue/10001").then().body("results", hasSize(1));
    tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs/user/" + ADA).then().body("results", hasSize(2));
    tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs/project/10000").then().body("results", hasSize(2));
    tempo(JCA_TOKEN)
        .body("{\"issueIds\": [10002], \"authorIds\": [\"" + ADA + "\"]}")
        .post("/tempo/jca/4/worklogs/search")
        .then()
        .statusCode(200)
        .body("results", hasSize(1));
    tempo(JCA_TOKEN)
        .body("{\"issueIds\": [\"10002\"]}")
        .post("/tempo/jca/4/worklogs/search")
        .then()
        .statusCode(400);
  }

  @Test
  void bulkCreatesUpTo50OnOneIssueAndRejectsMore() {
    String item =
        "{\"authorAccountId\": \""
            + ADA
            + "\", \"startDate\": \"2026-08-24\", \"startTime\": \"09:00:00\","
            + " \"timeSpentSeconds\": 60}";
    String fifty = "[" + String.join(",", java.util.Collections.nCopies(50, item)) + "]";
    tempo(JCA_TOKEN)
        .body(fifty)
        .post("/tempo/jca/4/worklogs/issue/10001/bulk")
        .then()
        .statusCode(200)
        .body("$", hasSize(50))
        .body("issue.id[49]", equalTo(10001));
    tempo(JCA_TOKEN)
        .body(fifty.replace("]", "," + item + "]"))
        .post("/tempo/jca/4/worklogs/issue/10001/bulk")
        .then()
        .statusCode(400);
    tempo(JCA_TOKEN)
        .body("[" + item.replace("{", "{\"issueId\": 10001, ") + "]")
        .post("/tempo/jca/4/worklogs/issue/10001/bulk")
        .then()
        .statusCode(400);
    tempo(JCA_TOKEN)
        .body("[" + item.replace("{", "{\"remainingEstimateSeconds\": 0, ") + "]")
        .post("/tempo/jca/4/worklogs/issue/10001/bulk")
        .then()
        .statusCode(400);
  }

  @Test
  void bulkIsAllOrNothing() {
    String good =
        "{\"authorAccountId\": \""
            + ADA
            + "\", \"startDate\": \"2026-08-24\", \"timeSpentSeconds\": 60}";
    String bad = good.replace(ADA, GONE);
    tempo(JCA_TOKEN)
        .body("[" + good + "," + bad + "]")
        .post("/tempo/jca/4/worklogs/issue/10001/bulk")
        .then()
        .statusCode(400)
        .body("errors[0].message", containsString("Item 1"));
    tempo(JCA_TOKEN).get("/tempo/jca/4/worklogs/issue/10001").then().body("results", hasSize(0));
  }

  @Test
  void bulkAnswers409WhileAnotherBulkRunsOnTheIssue() throws Exception {
    given().contentType(ContentType.JSON).body("{\"bulkItemDelayMs\": 400}").put("/_sim/settings");
    String item =
        "{\"authorAccountId\": \""
            + ADA
            + "\", \"startDate\": \"2026-08-24\", \"timeSpentSeconds\": 60}";
    String ten = "[" + String.join(",", java.util.Collections.nCopies(10, item)) + "]";
    CompletableFuture<Integer> first =
        CompletableFuture.supplyAsync(
            () ->
                tempo(JCA_TOKEN)
                    .body(ten)
                    .post("/tempo/jca/4/worklogs/issue/10001/bulk")
                    .statusCode());
    // The second bulk goes once the first is seen running (it then runs for 4 s), not after a
    // guess at how long the machine takes to start it.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                given()
                    .get("/_sim/sites/jca")
                    .then()
                    .extract()
                    .jsonPath()
                    .getList("bulksRunning", Integer.class)
                    .contains(10001));
    int second =
        tempo(JCA_TOKEN)
            .body("[" + item + "]")
            .post("/tempo/jca/4/worklogs/issue/10001/bulk")
            .statusCode();
    int other =
        tempo(JCA_TOKEN)
            .body("[" + item + "]")
            .post("/tempo/jca/4/worklogs/issue/10002/bulk")
            .statusCode();
    assertThat(second).isEqualTo(409);
    assertThat(other).isEqualTo(200);
    assertThat(first.get()).isEqualTo(200);
  }

  @Test
  void jiraToTempoAndTempoToJiraMapIdsAndLeaveUnknownOnesOut() {
    long id = create(10001);
    int jiraId =
        tempo(JCA_TOKEN)
            .body("{\"tempoWorklogIds\": [" + id + ", 999999]}")
            .post("/tempo/jca/4/worklogs/tempo-to-jira")
            .then()
            .statusCode(200)
            .body("results", hasSize(1))
            .extract()
            .path("results[0].jiraWorklogId");
    tempo(JCA_TOKEN)
        .body("{\"jiraWorklogIds\": [" + jiraId + "]}")
        .post("/tempo/jca/4/worklogs/jira-to-tempo")
        .then()
        .body("results[0].tempoWorklogId", equalTo((int) id));
  }

  @Test
  void workAttributesCanBeListedAndCreatedOnce() {
    tempo(JCA_TOKEN)
        .get("/tempo/jca/4/work-attributes")
        .then()
        .statusCode(200)
        .body("results.key", org.hamcrest.Matchers.hasItems("_Account_", "_Phase_"));
    String marker =
        "{\"key\": \"_Lineage_\", \"name\": \"Lineage\", \"type\": \"INPUT_FIELD\", \"required\": false}";
    tempo(JCA_TOKEN)
        .body(marker)
        .post("/tempo/jca/4/work-attributes")
        .then()
        .statusCode(200)
        .body("key", equalTo("_Lineage_"));
    tempo(JCA_TOKEN).body(marker).post("/tempo/jca/4/work-attributes").then().statusCode(400);
    tempo(JCA_TOKEN)
        .body(
            worklog(
                10001,
                "09:00:00",
                ", \"attributes\": [{\"key\": \"_Lineage_\", \"value\": \"jcb:1\"}]"))
        .post("/tempo/jca/4/worklogs")
        .then()
        .statusCode(200);
  }

  @Test
  void globalConfigurationHasTheDocumentedNamesAndIsEnforced() {
    tempo(JCA_TOKEN)
        .get("/tempo/jca/4/globalconfiguration")
        .then()
        .statusCode(200)
        .body("numberOfDaysAllowedIntoFuture", instanceOf(Integer.class))
        .body("weekStart", instanceOf(Integer.class))
        .body("worklogDescriptionOptional", instanceOf(Boolean.class))
        .body("allowLoggingOnClosedAccount", instanceOf(Boolean.class));
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"worklogDescriptionOptional\": false, \"maxHoursPerDayPerUser\": 1,"
                + " \"numberOfDaysAllowedIntoFuture\": 0}")
        .put("/_sim/sites/jca/global-configuration")
        .then()
        .statusCode(200)
        .body("maxHoursPerDayPerUser", equalTo(1));
    String noDescription =
        "{\"authorAccountId\": \""
            + ADA
            + "\", \"issueId\": 10001, \"startDate\": \"2026-08-24\","
            + " \"timeSpentSeconds\": 600}";
    tempo(JCA_TOKEN)
        .body(noDescription)
        .post("/tempo/jca/4/worklogs")
        .then()
        .statusCode(400)
        .body("errors[0].message", containsString("description is required"));
    tempo(JCA_TOKEN)
        .body(worklog(10001, "09:00:00", "").replace("2026-08-24", "2999-01-01"))
        .post("/tempo/jca/4/worklogs")
        .then()
        .statusCode(400)
        .body("errors[0].message", containsString("into the future"));
    create(10001);
    tempo(JCA_TOKEN)
        .body(worklog(10001, "10:00:00", ""))
        .post("/tempo/jca/4/worklogs")
        .then()
        .statusCode(400)
        .body("errors[0].message", containsString("1 hours per day"));
  }

  @Test
  void papertrailListsDeletionsFromATimeWithCursorPaging() {
    String before =
        java.time.Instant.now()
            .minusSeconds(5)
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            .toString();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      ids.add(create(10001));
    }
    ids.forEach(
        id -> tempo(JCA_TOKEN).delete("/tempo/jca/4/worklogs/" + id).then().statusCode(204));
    tempo(JCA_TOKEN)
        .get("/tempo/jca/papertrail/1/events/deleted/types/worklog")
        .then()
        .statusCode(400);
    tempo(JCA_TOKEN)
        .get(
            "/tempo/jca/papertrail/1/events/deleted/types/worklog?updatedFrom="
                + before
                + "&limit=10")
        .then()
        .statusCode(400);
    JsonPath page =
        tempo(JCA_TOKEN)
            .get(
                "/tempo/jca/papertrail/1/events/deleted/types/worklog?updatedFrom="
                    + before
                    + "&limit=50")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(page.getList("results")).hasSize(50);
    String cursor = page.getString("metadata.lastEvaluatedKey");
    assertThat(cursor).isNotNull();
    tempo(JCA_TOKEN)
        .get(
            "/tempo/jca/papertrail/1/events/deleted/types/worklog?updatedFrom="
                + before
                + "&limit=50&lastEvaluatedKey="
                + cursor)
        .then()
        .body("results", hasSize(10))
        .body("metadata.lastEvaluatedKey", nullValue())
        .body("results[9].tempoWorklogId", equalTo(ids.get(59).intValue()));
  }

  @Test
  void closedPeriodRejectsChangesUnlessBypassIsSetAndAllowed() {
    long id = create(10001);
    given()
        .contentType(ContentType.JSON)
        .body("[{\"from\": \"2026-08-01\", \"to\": \"2026-08-31\"}]")
        .put("/_sim/sites/jca/closed-periods")
        .then()
        .statusCode(204);
    tempo(JCA_TOKEN)
        .body(worklog(10001, "09:00:00", ""))
        .post("/tempo/jca/4/worklogs")
        .then()
        .statusCode(400)
        .body("errors[0].message", containsString("closed"));
    tempo(JCA_TOKEN)
        .delete("/tempo/jca/4/worklogs/" + id + "?bypassPeriodClosuresAndApprovals=true")
        .then()
        .statusCode(400);
    tempo("tempo-jca-admin").delete("/tempo/jca/4/worklogs/" + id).then().statusCode(400);
    tempo("tempo-jca-admin")
        .delete("/tempo/jca/4/worklogs/" + id + "?bypassPeriodClosuresAndApprovals=true")
        .then()
        .statusCode(204);
  }

  @Test
  void errorsAreJsonArraysWhile401And403AreHtml() {
    tempo(JCA_TOKEN)
        .get("/tempo/jca/4/worklogs/424242")
        .then()
        .statusCode(404)
        .contentType(ContentType.JSON)
        .body("errors[0].message", containsString("not found"));
    given().get("/tempo/jca/4/worklogs").then().statusCode(401).contentType(ContentType.HTML);
    tempo(JCA_VIEW)
        .body(worklog(10001, "09:00:00", ""))
        .post("/tempo/jca/4/worklogs")
        .then()
        .statusCode(403)
        .contentType(ContentType.HTML);
  }

  @Test
  void everyTempoWorklogHasAJiraTwinAuthoredByTheTempoApp() {
    long id = create(10001);
    int jiraId =
        tempo(JCA_TOKEN)
            .body("{\"tempoWorklogIds\": [" + id + "]}")
            .post("/tempo/jca/4/worklogs/tempo-to-jira")
            .then()
            .extract()
            .path("results[0].jiraWorklogId");
    jira("bridge@jca.example", "jira-jca")
        .get("/jira/jca/rest/api/3/issue/ESC-1/worklog/" + jiraId)
        .then()
        .statusCode(200)
        .body(
            "author.accountId",
            equalTo(dev.worklogbridge.simulator.model.SimSite.TEMPO_APP_ACCOUNT))
        .body("timeSpentSeconds", equalTo(3600));
  }
}
