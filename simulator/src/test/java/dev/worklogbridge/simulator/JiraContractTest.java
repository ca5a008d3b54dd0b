package dev.worklogbridge.simulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jira Cloud v3 as the bridge uses it. */
@QuarkusTest
class JiraContractTest extends SimFixture {

  @BeforeEach
  void seed() {
    reset();
  }

  private static RequestSpecification jca() {
    return jira("bridge@jca.example", "jira-jca");
  }

  @Test
  void issuesAreFoundByIdOrKeyWithStringIds() {
    jca()
        .get("/jira/jca/rest/api/3/issue/ESC-1")
        .then()
        .statusCode(200)
        .body("id", equalTo("10001"))
        .body("key", equalTo("ESC-1"))
        .body("fields.project.key", equalTo("ESC"));
    jca().get("/jira/jca/rest/api/3/issue/10002").then().body("key", equalTo("ESC-2"));
    jca()
        .get("/jira/jca/rest/api/3/issue/NOPE-1")
        .then()
        .statusCode(404)
        .body("errorMessages[0]", containsString("does not exist"));
  }

  @Test
  void theCallerAndOtherUsersAreLookedUpByAccountAndByQuery() {
    jca()
        .get("/jira/jca/rest/api/3/myself")
        .then()
        .statusCode(200)
        .body("accountId", equalTo("557058:bridge"));
    jca()
        .queryParam("accountId", ADA)
        .get("/jira/jca/rest/api/3/user")
        .then()
        .statusCode(200)
        .body("displayName", equalTo("Ada Lovelace"))
        .body("emailAddress", equalTo("ada@x.example"));
    jca()
        .queryParam("accountId", GRACE)
        .get("/jira/jca/rest/api/3/user")
        .then()
        .statusCode(200)
        .body("emailAddress", nullValue());
    jca()
        .queryParam("query", "ada@x.example")
        .get("/jira/jca/rest/api/3/user/search")
        .then()
        .statusCode(200)
        .body("accountId", equalTo(java.util.List.of(ADA)));
    jca()
        .get("/jira/jca/rest/api/3/field")
        .then()
        .statusCode(200)
        .body("find { it.id == 'customfield_10060' }.name", equalTo("Remote issue"));
  }

  @Test
  void jqlFindsIssuesByProjectKeyAndCustomField() {
    jca()
        .body("{\"jql\": \"project = ESC ORDER BY key\"}")
        .post("/jira/jca/rest/api/3/search/jql")
        .then()
        .statusCode(200)
        .body("issues", hasSize(2))
        .body("isLast", equalTo(true));
    jca()
        .body("{\"jql\": \"customfield_10060 = SUP-7 AND project in (OPS, ESC)\"}")
        .post("/jira/jca/rest/api/3/search/jql")
        .then()
        .body("issues.key", equalTo(java.util.List.of("OPS-3")))
        .body("issues[0].fields.customfield_10060.value", equalTo("SUP-7"));
    jca()
        .body("{\"jql\": \"summary ~ one\"}")
        .post("/jira/jca/rest/api/3/search/jql")
        .then()
        .statusCode(400);
  }

  @Test
  void textFieldsRefuseEqualsAndAreSearchedByPhraseAsJiraDoes() {
    jca()
        .body("{\"jql\": \"cf[10050] = \\\"SUP-9\\\"\"}")
        .post("/jira/jca/rest/api/3/search/jql")
        .then()
        .statusCode(400)
        .body(
            "errorMessages[0]",
            equalTo("The operator '=' is not supported by the 'cf[10050]' field."));
    jca()
        .body("{\"jql\": \"customfield_10050 in (SUP-9, SUP-8)\"}")
        .post("/jira/jca/rest/api/3/search/jql")
        .then()
        .statusCode(400);
    // A phrase finds every issue that mentions the key: the client keeps the exact value.
    jca()
        .body("{\"jql\": \"cf[10050] ~ \\\"\\\\\\\"sup-9\\\\\\\"\\\"\"}")
        .post("/jira/jca/rest/api/3/search/jql")
        .then()
        .statusCode(200)
        .body("issues.key", org.hamcrest.Matchers.containsInAnyOrder("OPS-1", "OPS-2"));
    jca()
        .body("{\"jql\": \"cf[10050] ~ \\\"\\\\\\\"SUP-90\\\\\\\"\\\"\"}")
        .post("/jira/jca/rest/api/3/search/jql")
        .then()
        .body("issues", hasSize(0));
    jca()
        .body("{\"jql\": \"cf[10060] ~ SUP-7\"}")
        .post("/jira/jca/rest/api/3/search/jql")
        .then()
        .statusCode(400);
  }

  @Test
  void fieldsListEachCustomFieldWithItsSchema() {
    jca()
        .get("/jira/jca/rest/api/3/field")
        .then()
        .statusCode(200)
        .body("find { it.id == 'customfield_10050' }.schema.type", equalTo("string"))
        .body(
            "find { it.id == 'customfield_10050' }.schema.custom",
            equalTo("com.atlassian.jira.plugin.system.customfieldtypes:textfield"))
        .body("find { it.id == 'customfield_10060' }.schema.type", equalTo("option"))
        .body("find { it.id == 'customfield_10060' }.name", equalTo("Remote issue"));
  }

  @Test
  void worklogStartedUsesJiraFormatAndTimeSpentFormsAreExclusive() {
    jca()
        .body("{\"started\": \"2026-01-17T12:34:00.000+0000\", \"timeSpentSeconds\": 600}")
        .post("/jira/jca/rest/api/3/issue/ESC-1/worklog")
        .then()
        .statusCode(201)
        .body("started", equalTo("2026-01-17T12:34:00.000+0000"))
        .body("id", org.hamcrest.Matchers.instanceOf(String.class));
    jca()
        .body("{\"started\": \"2026-01-17T12:34:00+00:00\", \"timeSpentSeconds\": 600}")
        .post("/jira/jca/rest/api/3/issue/ESC-1/worklog")
        .then()
        .statusCode(400);
    jca()
        .body(
            "{\"started\": \"2026-01-17T12:34:00.000+0000\", \"timeSpentSeconds\": 600, \"timeSpent\": \"10m\"}")
        .post("/jira/jca/rest/api/3/issue/ESC-1/worklog")
        .then()
        .statusCode(400);
    jca()
        .body("{\"started\": \"2026-01-17T12:34:00.000+0000\", \"timeSpent\": \"1h 30m\"}")
        .post("/jira/jca/rest/api/3/issue/ESC-1/worklog")
        .then()
        .statusCode(201)
        .body("timeSpentSeconds", equalTo(5400));
  }

  @Test
  void aJiraWorklogAlwaysBelongsToTheCaller() {
    jca()
        .body("{\"timeSpentSeconds\": 60, \"author\": {\"accountId\": \"" + ADA + "\"}}")
        .post("/jira/jca/rest/api/3/issue/ESC-1/worklog")
        .then()
        .statusCode(201)
        .body("author.accountId", equalTo("557058:bridge"));
  }

  @Test
  void worklogPropertiesAreStoredPerWorklog() {
    String id =
        jca()
            .body("{\"timeSpentSeconds\": 60}")
            .post("/jira/jca/rest/api/3/issue/ESC-1/worklog")
            .then()
            .extract()
            .path("id");
    jca()
        .body("{\"lineage\": \"jcb:5\"}")
        .put("/jira/jca/rest/api/3/issue/ESC-1/worklog/" + id + "/properties/bridge")
        .then()
        .statusCode(201);
    jca()
        .get("/jira/jca/rest/api/3/issue/ESC-1/worklog/" + id + "/properties/bridge")
        .then()
        .body("value.lineage", equalTo("jcb:5"));
  }

  @Test
  void worklogFeedsHideChangesYoungerThanTheConfiguredDelay() {
    jca()
        .body("{\"timeSpentSeconds\": 60}")
        .post("/jira/jca/rest/api/3/issue/ESC-1/worklog")
        .then()
        .statusCode(201);
    jca()
        .get("/jira/jca/rest/api/3/worklog/updated?since=0")
        .then()
        .body("values", hasSize(0))
        .body("lastPage", equalTo(true));
    given().contentType(ContentType.JSON).body("{\"jiraFeedDelayMs\": 0}").put("/_sim/settings");
    String id =
        jca()
            .get("/jira/jca/rest/api/3/worklog/updated?since=0")
            .then()
            .body("values", hasSize(1))
            .extract()
            .path("values[0].worklogId")
            .toString();
    jca()
        .body("{\"ids\": [" + id + ", 99999]}")
        .post("/jira/jca/rest/api/3/worklog/list")
        .then()
        .body("$", hasSize(1));
    jca().delete("/jira/jca/rest/api/3/issue/ESC-1/worklog/" + id).then().statusCode(204);
    jca().get("/jira/jca/rest/api/3/worklog/deleted?since=0").then().body("values", hasSize(1));
  }

  @Test
  void emailsAreHiddenUnlessTheUserShowsThem() {
    jca()
        .get("/jira/jca/rest/api/3/user?accountId=" + ADA)
        .then()
        .body("emailAddress", equalTo("ada@x.example"))
        .body("timeZone", equalTo("Europe/London"));
    jca()
        .get("/jira/jca/rest/api/3/user?accountId=" + GRACE)
        .then()
        .body("emailAddress", nullValue())
        .body("active", equalTo(true));
    jca().get("/jira/jca/rest/api/3/user?accountId=nobody").then().statusCode(404);
  }

  @Test
  void userSearchPrefixMatchesActiveUsersAndVisibleEmailsOnly() {
    jca()
        .get("/jira/jca/rest/api/3/user/search?query=lov")
        .then()
        .body("accountId", equalTo(java.util.List.of(ADA)));
    jca().get("/jira/jca/rest/api/3/user/search?query=ada@").then().body("$", hasSize(1));
    jca().get("/jira/jca/rest/api/3/user/search?query=grace@").then().body("$", hasSize(0));
    jca().get("/jira/jca/rest/api/3/user/search?query=gone").then().body("$", hasSize(0));
  }
}
