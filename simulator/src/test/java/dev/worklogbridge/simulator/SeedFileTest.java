package dev.worklogbridge.simulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator starts with the sites of a seed file, as the demo runs it. */
@QuarkusTest
@TestProfile(SeedFileTest.DemoSeed.class)
class SeedFileTest {

  /** Points at the demo seed shipped in the simulator. */
  public static class DemoSeed implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("simulator.seed-file", "src/main/resources/seeds/demo.json");
    }
  }

  @Test
  void startsWithTheSitesOfTheSeedFile() {
    given().get("/_sim/ping").then().body("sites", equalTo(2));
    given()
        .header("Authorization", "Bearer tempo-jca-demo-token")
        .get("/tempo/jca/4/worklogs")
        .then()
        .statusCode(200)
        .body("metadata.count", equalTo(0));
  }
}
