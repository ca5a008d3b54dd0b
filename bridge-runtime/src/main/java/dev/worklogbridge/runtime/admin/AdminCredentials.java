package dev.worklogbridge.runtime.admin;

import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.site.SecretSource;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What opens the admin API and the console: the admin API key, or, when {@code bridge.admin.oidc}
 * is configured, an access token from that OIDC provider (verified against its published keys,
 * issuer, expiry, audience and role; {@code any} must be said explicitly to waive the last two). ID
 * tokens are refused: they prove who logged in to some application, not that this one was granted.
 * The comparison of keys takes the same time whatever the guess (digests compared with {@link
 * MessageDigest#isEqual}). Without a configured key or provider nothing opens. A check may fetch
 * the provider's keys: call it on a worker thread.
 */
@ApplicationScoped
public class AdminCredentials {

  @Inject BridgeConfig config;

  private SecretSource apiKey;
  private JWTParser oidc;

  @PostConstruct
  void init() {
    apiKey = new SecretSource("bridge.admin.api-key", config.admin().apiKey());
    config
        .admin()
        .oidc()
        .ifPresent(
            o -> {
              JWTAuthContextInfo info = new JWTAuthContextInfo(o.jwksUrl(), o.issuer());
              o.audience()
                  .filter(a -> !ANY.equals(a))
                  .ifPresent(a -> info.setExpectedAudience(Set.of(a)));
              oidc = new DefaultJWTParser(info);
            });
  }

  /** The value that waives the audience or the role check, said explicitly. */
  public static final String ANY = "any";

  /** Whether any credential can open the API at all (a key or a provider is configured). */
  public boolean enabled() {
    return !apiKey.get().isEmpty() || oidc != null;
  }

  /**
   * Checks a presented key or access token: empty when it opens the admin API, else why not (never
   * quoting the credential).
   */
  public Optional<String> refusal(String presented) {
    String expected = apiKey.get();
    if (expected.isEmpty() && oidc == null) {
      return Optional.of(
          "the admin API is disabled: set bridge.admin.api-key.file or .env (or bridge.admin.oidc)");
    }
    if (!expected.isEmpty() && MessageDigest.isEqual(sha256(presented), sha256(expected))) {
      return Optional.empty();
    }
    if (oidc != null && presented.chars().filter(c -> c == '.').count() == 2) {
      return checkToken(presented);
    }
    return Optional.of("wrong API key");
  }

  /**
   * An OIDC access token: signed by the provider, its issuer, in date, with the audience and role.
   */
  private Optional<String> checkToken(String token) {
    try {
      JsonWebToken jwt = oidc.parse(token);
      if (idToken(jwt)) {
        return Optional.of("an ID token does not open the admin API; present an access token");
      }
      Optional<String> role =
          config.admin().oidc().flatMap(BridgeConfig.Oidc::role).filter(r -> !ANY.equals(r));
      if (role.isPresent() && !jwt.getGroups().contains(role.get())) {
        return Optional.of("the token does not carry the role " + role.get());
      }
      return Optional.empty();
    } catch (ParseException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      io.quarkus.logging.Log.infof("admin API: an OIDC token was refused: %s", reason(root));
      return Optional.of("the token was not accepted (signature, issuer, audience or expiry)");
    }
  }

  /**
   * An OpenID Connect ID token: Keycloak marks it {@code typ: ID}; any provider's carries a {@code
   * nonce} or {@code at_hash} (claims only ID tokens have).
   */
  static boolean idToken(JsonWebToken jwt) {
    Object typ = jwt.getClaim("typ");
    return typ != null && "ID".equalsIgnoreCase(String.valueOf(typ).replace("\"", ""))
        || jwt.containsClaim("nonce")
        || jwt.containsClaim("at_hash");
  }

  /**
   * Why a token was refused, without the token or its claims (the verifier's messages quote both).
   */
  static String reason(Throwable e) {
    return String.valueOf(e.getMessage())
        .replaceAll("\\(claims->\\{.*?\\}\\)", "")
        .replaceAll("JsonWebSignature\\{.*?\\}->", "")
        .replaceAll("[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*", "<token>")
        .trim();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
