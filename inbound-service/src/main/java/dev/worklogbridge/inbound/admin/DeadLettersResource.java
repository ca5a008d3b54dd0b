package dev.worklogbridge.inbound.admin;

import dev.worklogbridge.runtime.admin.AdminErrors;
import dev.worklogbridge.runtime.config.Connections;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A connection's newest dead letters ({@link DeadLetterReader}), for operators and the console. */
@Path("/api/v1/connections/{connection}/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLettersResource {

  @Inject DeadLetterReader reader;
  @Inject Connections connections;

  @GET
  @Operation(
      summary =
          "The newest dead letters of a connection: reason, original topic, partition and offset")
  public List<Map<String, Object>> deadLetters(
      @PathParam("connection") String connection, @QueryParam("limit") Integer limit) {
    if (connections.get(connection).isEmpty()) {
      throw new AdminErrors.NotFound("no connection " + connection);
    }
    int max = limit == null ? 50 : limit;
    if (max < 1 || max > 500) {
      throw new AdminErrors.BadInput("limit must be between 1 and 500");
    }
    return reader.newest(connection, max);
  }
}
