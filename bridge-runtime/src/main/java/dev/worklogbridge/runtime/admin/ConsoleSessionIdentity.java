package dev.worklogbridge.runtime.admin;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The operator again on each request of a console session: Quarkus' form authentication has
 * decrypted its cookie (which only this service's key can have written, at a login that {@link
 * ConsoleLogin} accepted) and asks for the identity of the name in it.
 */
@ApplicationScoped
public class ConsoleSessionIdentity implements IdentityProvider<TrustedAuthenticationRequest> {

  @Override
  public Class<TrustedAuthenticationRequest> getRequestType() {
    return TrustedAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
    return Uni.createFrom()
        .item(
            QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(request.getPrincipal()))
                .addRole(ConsoleLogin.ROLE)
                .build());
  }
}
