package dev.worklogbridge.runtime.admin;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The console's login form: the password field takes what opens the admin API (the key, or an
 * access token of the OIDC provider), checked by {@link AdminCredentials}; the name is the
 * operator's own, shown on the page. Quarkus' form authentication then keeps the session in an
 * encrypted cookie, so the key is never stored in the browser.
 */
@ApplicationScoped
public class ConsoleLogin implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

  /** The one role a console session has. */
  public static final String ROLE = "operator";

  @Inject AdminCredentials credentials;

  @Override
  public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
    return UsernamePasswordAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
    return context.runBlocking(
        () -> {
          String presented = new String(request.getPassword().getPassword()).trim();
          String name = request.getUsername() == null ? "" : request.getUsername().trim();
          if (presented.isEmpty() || credentials.refusal(presented).isPresent()) {
            io.quarkus.logging.Log.infof(
                "console: a login was refused (operator '%s')", printable(name));
            throw new AuthenticationFailedException("not accepted");
          }
          return QuarkusSecurityIdentity.builder()
              .setPrincipal(new QuarkusPrincipal(name.isEmpty() ? "operator" : printable(name)))
              .addRole(ROLE)
              .build();
        });
  }

  /** A name as the log and page may show it: printable characters, at most 64. */
  static String printable(String name) {
    String clean = name.replaceAll("[^\\p{L}\\p{N} ._@-]", "");
    return clean.length() > 64 ? clean.substring(0, 64) : clean;
  }
}
