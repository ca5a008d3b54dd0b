package dev.worklogbridge.inbound.console;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The part of an outbound service's admin API the console shows: its status and backfills. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface OutboundAdminApi {

  @GET
  @Path("status")
  Response status();

  @POST
  @Path("backfill")
  @Consumes(MediaType.APPLICATION_JSON)
  Response backfill(JsonNode request);

  @GET
  @Path("backfill/{id}")
  Response backfill(@PathParam("id") String id);
}
