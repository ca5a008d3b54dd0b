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
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code /api/...} call needs {@code Authorization: Bearer <admin API key>}, or, when {@code
 * bridge.admin.oidc} is configured, a bearer access token from that OIDC provider (verified against
 * its published keys, issuer, expiry, audience and role; {@code any} must be said explicitly to
 * waive the last two). ID tokens are refused: they prove who logged in to some application, not
 * that this one was granted. The comparison of keys takes the same time whatever the guess (digests
 * compared with {@link MessageDigest#isEqual}). Without a configured key or provider the admin API
 * stays shut. The filter runs on the request's worker thread (not pre-matching), so that fetching
 * the provider's keys never blocks the I/O thread.
 */
@ApplicationScoped
public class AdminAuthFilter {

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

  @ServerRequestFilter
  public Optional<Response> authenticate(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/api/")) {
      return Optional.empty();
    }
    String expected = apiKey.get();
    if (expected.isEmpty() && oidc == null) {
      return deny(
          "the admin API is disabled: set bridge.admin.api-key.file or .env (or bridge.admin.oidc)");
    }
    String header = request.getHeaderString("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      return deny("missing bearer API key or token");
    }
    String presented = header.substring(7).trim();
    if (!expected.isEmpty() && MessageDigest.isEqual(sha256(presented), sha256(expected))) {
      return Optional.empty();
    }
    if (oidc != null && presented.chars().filter(c -> c == '.').count() == 2) {
      return checkToken(presented);
    }
    return deny("wrong API key");
  }

  /**
   * An OIDC access token: signed by the provider, its issuer, in date, with the audience and role.
   */
  private Optional<Response> checkToken(String token) {
    try {
      JsonWebToken jwt = oidc.parse(token);
      if (idToken(jwt)) {
        return deny("an ID token does not open the admin API; present an access token");
      }
      Optional<String> role =
          config.admin().oidc().flatMap(BridgeConfig.Oidc::role).filter(r -> !ANY.equals(r));
      if (role.isPresent() && !jwt.getGroups().contains(role.get())) {
        return deny("the token does not carry the role " + role.get());
      }
      return Optional.empty();
    } catch (ParseException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      io.quarkus.logging.Log.infof("admin API: an OIDC token was refused: %s", reason(root));
      return deny("the token was not accepted (signature, issuer, audience or expiry)");
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

  private static Optional<Response> deny(String why) {
    return Optional.of(
        Response.status(401)
            .header("WWW-Authenticate", "Bearer")
            .type("application/json")
            .entity(Map.of("error", why))
            .build());
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
