package dev.worklogbridge.simulator;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Two seeded sites for every contract test, and shorthand for calling them. */
abstract class SimFixture {

  static final String ADA = "5b10a2844c20165700ede21g";
  static final String GRACE = "557058:7c1e1f6a-0d1b-4f3a-9c55-0a1b2c3d4e5f";
  static final String GONE = "5b10ac8d82e05b22cc7d0000";
  static final String JCA_TOKEN = "tempo-jca-manage";
  static final String JCB_TOKEN = "tempo-jcb-manage";
  static final String JCA_VIEW = "tempo-jca-view";

  static final String SEED =
      """
      {"sites": [
        {"name": "jca",
         "tempoTokens": [
           {"token": "tempo-jca-manage", "label": "jca-manage", "scope": "MANAGE", "accountId": "557058:bridge"},
           {"token": "tempo-jca-view", "label": "jca-view", "scope": "VIEW"},
           {"token": "tempo-jca-admin", "label": "jca-admin", "scope": "MANAGE", "canBypassPeriods": true}],
         "jiraCredentials": [{"email": "bridge@jca.example", "apiToken": "jira-jca", "accountId": "557058:bridge"}],
         "users": [
           {"accountId": "5b10a2844c20165700ede21g", "displayName": "Ada Lovelace", "email": "ada@x.example",
            "emailVisible": true, "timeZone": "Europe/London"},
           {"accountId": "557058:7c1e1f6a-0d1b-4f3a-9c55-0a1b2c3d4e5f", "displayName": "Grace Hopper",
            "email": "grace@x.example", "emailVisible": false, "timeZone": "America/New_York"},
           {"accountId": "5b10ac8d82e05b22cc7d0000", "displayName": "Gone Person", "active": false},
           {"accountId": "557058:bridge", "displayName": "Bridge"}],
         "issues": [
           {"key": "ESC-1", "id": 10001, "summary": "one"},
           {"key": "ESC-2", "id": 10002, "summary": "two"},
           {"key": "OPS-1", "id": 20001, "summary": "ops", "fields": {"customfield_10050": "SUP-9"}},
           {"key": "OPS-2", "id": 20002, "summary": "ops", "fields": {"customfield_10050": "follow-up of SUP-9"}},
           {"key": "OPS-3", "id": 20003, "summary": "ops", "fields": {"customfield_10060": "SUP-7"}}],
         "customFields": [{"id": "customfield_10060", "name": "Remote issue", "type": "select"}],
         "workAttributes": [{"key": "_Phase_", "name": "Phase", "type": "STATIC_LIST", "values": ["dev", "test"]}]},
        {"name": "jcb",
         "tempoTokens": [{"token": "tempo-jcb-manage", "label": "jcb-manage", "scope": "MANAGE"}],
         "jiraCredentials": [{"email": "bridge@jcb.example", "apiToken": "jira-jcb", "accountId": "557058:bridge"}],
         "users": [{"accountId": "5b10a2844c20165700ede21g", "displayName": "Ada Lovelace"}],
         "issues": [{"key": "SUP-1", "id": 10001}]}
      ]}
      """;

  static void reset() {
    given().post("/_sim/reset").then().statusCode(204);
    given().contentType(ContentType.JSON).body(SEED).post("/_sim/seed").then().statusCode(200);
    // Most tests are not about the rate limit; the rate-limit tests set it back.
    noLimit("jca");
    noLimit("jcb");
  }

  static void noLimit(String site) {
    given()
        .contentType(ContentType.JSON)
        .body("{\"tempoRequestsPerSecond\": 0, \"jiraRequestsPerSecond\": 0}")
        .put("/_sim/sites/" + site + "/limits")
        .then()
        .statusCode(204);
  }

  /** Stops the simulator's clock: from now on time moves only by {@link #advanceClock}. */
  static void freezeClock() {
    given().contentType(ContentType.JSON).body("{}").put("/_sim/clock").then().statusCode(200);
  }

  static void advanceClock(long millis) {
    given()
        .contentType(ContentType.JSON)
        .body("{\"millis\": " + millis + "}")
        .post("/_sim/clock/advance")
        .then()
        .statusCode(200);
  }

  static RequestSpecification tempo(String token) {
    return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
  }

  static RequestSpecification jira(String email, String apiToken) {
    return given().contentType(ContentType.JSON).auth().preemptive().basic(email, apiToken);
  }

  static String worklog(long issueId, String startTime, String extra) {
    return "{\"authorAccountId\": \""
        + ADA
        + "\", \"issueId\": "
        + issueId
        + ", \"startDate\": \"2026-08-24\", \"startTime\": \""
        + startTime
        + "\", \"timeSpentSeconds\": 3600, \"description\": \"work\""
        + extra
        + "}";
  }

  static long create(long issueId) {
    return tempo(JCA_TOKEN)
        .body(worklog(issueId, "09:00:00", ""))
        .post("/tempo/jca/4/worklogs")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("tempoWorklogId");
  }
}
