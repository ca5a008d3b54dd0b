package dev.worklogbridge.runtime.admin;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code /api/...} call needs {@code Authorization: Bearer <admin API key or access token>}
 * ({@link AdminCredentials}), or the session of an operator logged in to the console with one of
 * them. A request on a console session that writes (anything but GET, HEAD, OPTIONS) must also
 * carry {@value #CONSOLE_HEADER}: a page of another site cannot add a header to a request without
 * the browser asking this origin first, which it never allows, so a forged form or script on
 * another site cannot act with the operator's session (and the session cookie is SameSite=Strict
 * besides). The filter runs on the request's worker thread (not pre-matching), so that fetching the
 * provider's keys never blocks the I/O thread.
 */
@ApplicationScoped
public class AdminAuthFilter {

  /** The header the console sends with every write it makes on the operator's session. */
  public static final String CONSOLE_HEADER = "X-Worklog-Bridge-Console";

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  @Inject AdminCredentials credentials;

  @Inject SecurityIdentity identity;

  @ServerRequestFilter
  public Optional<Response> authenticate(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/api/")) {
      return Optional.empty();
    }
    String header = request.getHeaderString("Authorization");
    if (header != null && header.startsWith("Bearer ")) {
      return credentials.refusal(header.substring(7).trim()).flatMap(AdminAuthFilter::deny);
    }
    if (header == null && !identity.isAnonymous()) {
      if (READS.contains(request.getMethod()) || request.getHeaderString(CONSOLE_HEADER) != null) {
        return Optional.empty();
      }
      return Optional.of(
          Response.status(403)
              .type("application/json")
              .entity(
                  Map.of(
                      "error",
                      "a write on a console session must come from the console ("
                          + CONSOLE_HEADER
                          + " header)"))
              .build());
    }
    if (!credentials.enabled()) {
      return credentials.refusal("").flatMap(AdminAuthFilter::deny);
    }
    return deny("missing bearer API key or token");
  }

  private static Optional<Response> deny(String why) {
    return Optional.of(
        Response.status(401)
            .header("WWW-Authenticate", "Bearer")
            .type("application/json")
            .entity(Map.of("error", why))
            .build());
  }
}
