package dev.worklogbridge.runtime.admin;

import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.site.SecretSource;
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
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code /api/...} call needs {@code Authorization: Bearer <admin API key>}. The comparison
 * takes the same time whatever the guess (digests compared with {@link MessageDigest#isEqual}).
 * Without a configured key the admin API stays shut.
 */
@ApplicationScoped
public class AdminAuthFilter {

  @Inject BridgeConfig config;

  private SecretSource apiKey;

  @PostConstruct
  void init() {
    apiKey = new SecretSource("bridge.admin.api-key", config.admin().apiKey());
  }

  @ServerRequestFilter(preMatching = true)
  public Optional<Response> authenticate(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/api/")) {
      return Optional.empty();
    }
    String expected = apiKey.get();
    if (expected.isEmpty()) {
      return deny("the admin API is disabled: set bridge.admin.api-key.file or .env");
    }
    String header = request.getHeaderString("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      return deny("missing bearer API key");
    }
    if (!MessageDigest.isEqual(sha256(header.substring(7).trim()), sha256(expected))) {
      return deny("wrong API key");
    }
    return Optional.empty();
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
