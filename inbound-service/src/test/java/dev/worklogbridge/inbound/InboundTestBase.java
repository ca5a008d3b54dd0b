package dev.worklogbridge.inbound;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.inbound.resolve.AuthorResolver;
import dev.worklogbridge.inbound.resolve.IssuePairingResolver;
import dev.worklogbridge.inbound.resolve.TargetAttributes;
import dev.worklogbridge.model.LineageMarker;
import dev.worklogbridge.runtime.site.SiteHealth;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.TwoSites;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh world for each test: seeded simulator, empty sync-store, caches forgotten. */
abstract class InboundTestBase {

  @Inject TargetAttributes attributes;
  @Inject IssuePairingResolver pairing;
  @Inject AuthorResolver authors;
  @Inject SiteHealth health;
  @Inject Sites sites;

  /** Readiness, on the management interface. */
  @io.quarkus.test.common.http.TestHTTPResource(value = "/health/ready", management = true)
  java.net.URL readiness;

  @Inject dev.worklogbridge.inbound.resolve.TargetRules rules;

  @ConfigProperty(name = "wb.simulator.url")
  String simulatorUrl;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  SimulatorClient sim;
  Events events;

  @BeforeEach
  void world() {
    sim = new SimulatorClient(simulatorUrl);
    sim.reset();
    sim.seed(TwoSites.seed());
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                LineageLink.getEntityManager()
                    .createNativeQuery(
                        "TRUNCATE lineage_link, parked_event, lineage_history, author_decision, author_mapping, issue_pairing")
                    .executeUpdate());
    // A test may have replaced a token the seed does not know (the app outlives the test class).
    sites.site(TwoSites.A).tempoToken().replace(TwoSites.TEMPO_TOKEN_A);
    sites.site(TwoSites.B).tempoToken().replace(TwoSites.TEMPO_TOKEN_B);
    attributes.forget();
    attributes.ensureMarker(TwoSites.A);
    attributes.ensureMarker(TwoSites.B);
    pairing.forget();
    rules.forget();
    authors.forget();
    health.ok(TwoSites.A, "tempo");
    health.ok(TwoSites.B, "tempo");
    events = new Events(bootstrap);
  }

  @AfterEach
  void close() {
    events.close();
  }

  /** Worklogs on {@code site} carrying the marker of {@code lineage}. */
  List<JsonNode> replicas(String site, String lineage) {
    return sim.worklogs(site).stream().filter(w -> lineage.equals(marker(w))).toList();
  }

  static String marker(JsonNode worklog) {
    return StreamSupport.stream(worklog.path("attributes").path("values").spliterator(), false)
        .filter(a -> LineageMarker.ATTRIBUTE_KEY.equals(a.path("key").asText()))
        .map(a -> a.path("value").asText())
        .findFirst()
        .orElse(null);
  }

  /** The service's status, read with the admin key. */
  static JsonPath status() {
    return given()
        .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
        .get("/api/v1/status")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** Requests of one site's Tempo since {@code seq} with this method and path prefix. */
  long requests(String site, long seq, String method, String pathPrefix) {
    return sim.requests(site, seq).stream()
        .filter(
            r ->
                "tempo".equals(r.path("api").asText())
                    && method.equals(r.path("method").asText())
                    && r.path("path").asText().startsWith(pathPrefix))
        .count();
  }

  /** The site's Tempo gets a new token, and the service is given it through the admin API. */
  void giveNewTempoToken(String site, String token) {
    sim.addTempoToken(
        site, SimulatorClient.object().put("token", token).put("label", token + "-label"));
    io.restassured.RestAssured.given()
        .header("Authorization", "Bearer " + TwoSites.ADMIN_KEY)
        .contentType("application/json")
        .body(java.util.Map.of("token", token))
        .put("/api/v1/sites/" + site + "/tokens/tempo")
        .then()
        .statusCode(200)
        .body("state", org.hamcrest.Matchers.equalTo("OK"));
  }
}
