package dev.worklogbridge.inbound.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.runtime.admin.AdminErrors;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The outbound services' status and backfills, through this service ({@link OutboundPeers}): what
 * the console shows of the watchers and how it starts a backfill and follows its progress.
 */
@Path("/api/v1/outbounds")
@Produces(MediaType.APPLICATION_JSON)
public class OutboundsResource {

  @Inject OutboundPeers peers;

  @GET
  @Operation(summary = "Each configured outbound's status, or why it did not answer")
  public Map<String, Object> statuses() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : peers.names()) {
      Map<String, Object> v = new LinkedHashMap<>();
      try (Response r = peers.peer(name).orElseThrow().status()) {
        if (r.getStatus() == 200) {
          v.put("status", r.readEntity(JsonNode.class));
        } else {
          v.put("error", "answered " + r.getStatus());
        }
      } catch (ProcessingException e) {
        v.put("error", "not reachable: " + e.getMessage());
      }
      out.put(name, v);
    }
    return out;
  }

  @POST
  @Path("{name}/backfill")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Start a backfill on an outbound: {\"site\", \"from\", \"to\"}")
  public Response backfill(@PathParam("name") String name, JsonNode request) {
    return relay(name, api -> api.backfill(request));
  }

  @GET
  @Path("{name}/backfill/{id}")
  @Operation(summary = "A backfill's progress on an outbound")
  public Response backfill(@PathParam("name") String name, @PathParam("id") String id) {
    return relay(name, api -> api.backfill(id));
  }

  /** The outbound's answer, status and JSON body as it gave them. */
  private Response relay(String name, Function<OutboundAdminApi, Response> call) {
    OutboundAdminApi api =
        peers.peer(name).orElseThrow(() -> new AdminErrors.NotFound("no outbound " + name));
    try (Response r = call.apply(api)) {
      return Response.status(r.getStatus())
          .type(MediaType.APPLICATION_JSON)
          .entity(r.readEntity(JsonNode.class))
          .build();
    } catch (ProcessingException e) {
      return Response.status(502)
          .type(MediaType.APPLICATION_JSON)
          .entity(Map.of("error", "outbound " + name + " not reachable: " + e.getMessage()))
          .build();
    }
  }
}
