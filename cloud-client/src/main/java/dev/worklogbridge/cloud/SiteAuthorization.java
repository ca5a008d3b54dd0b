package dev.worklogbridge.cloud;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Puts the site's current credentials on each request, read when the request is sent (a replaced
 * token takes effect with the next call), and only on a request to the site's own origin (scheme,
 * host and port of its configured base URL): a request anywhere else is refused before it leaves,
 * so a token never reaches another host, whatever link an answer carries.
 */
public final class SiteAuthorization implements ClientRequestFilter {

  private final String api;
  private final URI base;
  private final Supplier<String> authorization;

  public SiteAuthorization(String api, URI base, Supplier<String> authorization) {
    this.api = api;
    this.base = base;
    this.authorization = authorization;
  }

  @Override
  public void filter(ClientRequestContext request) {
    URI to = request.getUri();
    if (!sameOrigin(base, to)) {
      throw new CloudException(
          ErrorKind.PERMANENT,
          0,
          "",
          api,
          "a request to "
              + to.getScheme()
              + "://"
              + to.getHost()
              + ":"
              + port(to)
              + " was refused: the credentials go only to "
              + base.getHost(),
          null);
    }
    request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, authorization.get());
  }

  /** Whether {@code other} has the scheme, host and port of {@code base}. */
  static boolean sameOrigin(URI base, URI other) {
    return base.getScheme().equalsIgnoreCase(String.valueOf(other.getScheme()))
        && base.getHost()
            .toLowerCase(Locale.ROOT)
            .equals(String.valueOf(other.getHost()).toLowerCase(Locale.ROOT))
        && port(base) == port(other);
  }

  static int port(URI u) {
    if (u.getPort() != -1) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }
}
