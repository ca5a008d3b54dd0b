package dev.worklogbridge.inbound.console;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.FormAuthenticationMechanism;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;

/**
 * The console's session: who is logged in (for the page's header), and logging out (the form
 * session's cookie is cleared). Both sit under {@code /console}, open only to a session.
 */
@Path("/console/session")
public class ConsoleSession {

  @Inject SecurityIdentity identity;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, String> who() {
    return Map.of("operator", identity.getPrincipal().getName());
  }

  @POST
  @Path("logout")
  public Response logout() {
    FormAuthenticationMechanism.logout(identity);
    return Response.seeOther(URI.create("/console/login.html")).build();
  }
}
