package dev.worklogbridge.outbound;

import static dev.worklogbridge.testkit.TwoSites.ADMIN_KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.worklogbridge.testkit.BridgeTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * With {@code bridge.admin.oidc} configured, the admin API takes the provider's access tokens
 * besides the API key: verified against the provider's JWKS, issuer, expiry, audience and role.
 */
@QuarkusTest
@WithTestResource(BridgeTestResource.class)
@TestProfile(AdminOidcTest.Provider.class)
class AdminOidcTest {

  static final String ISSUER = "https://sso.example.com/realms/ops";
  static final KeyPair STRANGER = keys();

  /**
   * The provider's keys: the same in every class loader that computes them (the profile and the
   * test may run in different ones), since they come from a seeded generator.
   */
  static final KeyPair PROVIDER = seededKeys();

  /** The provider's keys published as a JWKS document (a file here, a URL in real life). */
  public static class Provider implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path jwks = Path.of("target", "oidc-jwks.json").toAbsolutePath();
        RSAPublicKey k = (RSAPublicKey) PROVIDER.getPublic();
        Files.writeString(
            jwks,
            "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
                + b64(k.getModulus())
                + "\",\"e\":\""
                + b64(k.getPublicExponent())
                + "\"}]}");
        return Map.of(
            "bridge.admin.oidc.issuer",
            ISSUER,
            "bridge.admin.oidc.jwks-url",
            jwks.toUri().toString(),
            "bridge.admin.oidc.audience",
            "worklog-bridge",
            "bridge.admin.oidc.role",
            "worklog-bridge-admin",
            // The JWKS is a file here: allowed for tests only.
            "bridge.allow-insecure-http",
            "true");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static String b64(BigInteger n) {
    byte[] bytes = n.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static KeyPair keys() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PrivateKey provider() {
    return PROVIDER.getPrivate();
  }

  private static KeyPair seededKeys() {
    try {
      java.security.SecureRandom random = java.security.SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(20261123L);
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048, random);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String token(
      PrivateKey by, String issuer, String audience, Set<String> groups, Instant expires) {
    return Jwt.issuer(issuer)
        .subject("operator")
        .audience(audience)
        .groups(groups)
        .expiresAt(expires)
        .jws()
        .keyId("k1")
        .sign(by);
  }

  private static int status(String bearer) {
    return given()
        .header("Authorization", "Bearer " + bearer)
        .get("/api/v1/status")
        .then()
        .extract()
        .statusCode();
  }

  @Test
  void aProviderTokenWithTheRoleOpensTheAdminApi() {
    String ok =
        token(
            provider(),
            ISSUER,
            "worklog-bridge",
            Set.of("worklog-bridge-admin"),
            Instant.now().plusSeconds(300));
    given().header("Authorization", "Bearer " + ok).get("/api/v1/status").then().statusCode(200);
  }

  @Test
  void theApiKeyStillWorks() {
    given()
        .header("Authorization", "Bearer " + ADMIN_KEY)
        .get("/api/v1/status")
        .then()
        .statusCode(200);
  }

  @Test
  void aTokenWithoutTheRoleIsRefusedAndSaysWhy() {
    String noRole =
        token(
            provider(), ISSUER, "worklog-bridge", Set.of("viewer"), Instant.now().plusSeconds(300));
    given()
        .header("Authorization", "Bearer " + noRole)
        .get("/api/v1/status")
        .then()
        .statusCode(401)
        .body("error", containsString("worklog-bridge-admin"));
  }

  @Test
  void anIdTokenOfTheProviderIsRefusedEvenWithTheRole() {
    String id =
        Jwt.issuer(ISSUER)
            .subject("operator")
            .audience("worklog-bridge")
            .groups(Set.of("worklog-bridge-admin"))
            .claim("typ", "ID")
            .claim("nonce", "n-0S6_WzA2Mj")
            .expiresAt(Instant.now().plusSeconds(300))
            .jws()
            .keyId("k1")
            .sign(provider());
    given()
        .header("Authorization", "Bearer " + id)
        .get("/api/v1/status")
        .then()
        .statusCode(401)
        .body("error", containsString("ID token"));
  }

  @Test
  void forgedExpiredForeignOrMisaddressedTokensAreRefused() {
    Set<String> admin = Set.of("worklog-bridge-admin");
    Instant later = Instant.now().plusSeconds(300);
    org.assertj.core.api.Assertions.assertThat(
            new int[] {
              status(token(STRANGER.getPrivate(), ISSUER, "worklog-bridge", admin, later)),
              status(token(provider(), "https://evil.example", "worklog-bridge", admin, later)),
              status(token(provider(), ISSUER, "another-app", admin, later)),
              status(
                  token(
                      provider(),
                      ISSUER,
                      "worklog-bridge",
                      admin,
                      Instant.now().minusSeconds(600))),
              status("a.b.c")
            })
        .containsOnly(401);
  }
}
