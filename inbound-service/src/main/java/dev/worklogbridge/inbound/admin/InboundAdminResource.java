package dev.worklogbridge.inbound.admin;

import dev.worklogbridge.inbound.apply.Parking;
import dev.worklogbridge.inbound.consume.ConnectionConsumer;
import dev.worklogbridge.inbound.consume.ConsumerSupervisor;
import dev.worklogbridge.runtime.admin.AdminErrors;
import dev.worklogbridge.runtime.site.SiteHealth;
import dev.worklogbridge.store.ParkedEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The inbound admin API: status per connection and site, parked events, replay. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class InboundAdminResource {

  /**
   * A replay request: {@code "start"} or an ISO instant; {@code verify} when the target lost data
   * (each replica is checked to exist, and written again where it does not).
   */
  public record ReplayRequest(String from, Boolean verify) {}

  @Inject ConsumerSupervisor supervisor;
  @Inject SiteHealth health;
  @Inject Parking parking;

  @GET
  @Path("status")
  @Operation(
      summary =
          "State, lag, parked and dead-lettered counts, last write, per connection and target site")
  public Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("service", "inbound");
    Map<String, Object> connections = new LinkedHashMap<>();
    for (ConnectionConsumer c : supervisor.consumers()) {
      connections.put(c.name(), view(c));
    }
    out.put("consumers", connections);
    out.put("authFailures", health.failures());
    return out;
  }

  private Map<String, Object> view(ConnectionConsumer c) {
    String[] cs = c.name().split("/");
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("state", c.state());
    v.put("lag", c.totalLag());
    v.put("consumed", c.consumed());
    v.put("deadLettered", c.deadLettered());
    v.put(
        "parked", QuarkusTransaction.requiringNew().call(() -> ParkedEvent.countFor(cs[0], cs[1])));
    v.put("lastAppliedAt", c.lastAppliedAt() == null ? null : c.lastAppliedAt().toString());
    return v;
  }

  @GET
  @Path("connections/{connection}/sites/{site}/parked")
  @Operation(summary = "Parked events with their reason and next attempt, oldest first")
  public List<Map<String, Object>> parked(
      @PathParam("connection") String connection,
      @PathParam("site") String site,
      @QueryParam("limit") Integer limit) {
    consumer(connection, site);
    int max = limit == null ? 100 : limit;
    if (max < 1 || max > 10_000) {
      throw new AdminErrors.BadInput("limit must be between 1 and 10000");
    }
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ParkedEvent.ofConnection(connection, site, max).stream()
                    .map(
                        p -> {
                          Map<String, Object> m = new LinkedHashMap<>();
                          m.put("id", p.id);
                          m.put("lineage", p.lineage);
                          m.put("eventId", p.eventId);
                          m.put("reason", p.reason);
                          m.put("attempts", p.attempts);
                          m.put("parkedAt", p.parkedAt.toString());
                          m.put("nextAttemptAt", p.nextAttemptAt.toString());
                          return m;
                        })
                    .toList());
  }

  @POST
  @Path("connections/{connection}/sites/{site}/parked/retry")
  @Operation(summary = "Make parked events due now (all, or one lineage)")
  public Map<String, Object> retry(
      @PathParam("connection") String connection,
      @PathParam("site") String site,
      @QueryParam("lineage") String lineage) {
    consumer(connection, site);
    return Map.of("due", parking.retryNow(connection, site, lineage));
  }

  @POST
  @Path("connections/{connection}/sites/{site}/replay")
  @Operation(
      summary =
          "Re-read the connection's topic from a time or from the start; applying is idempotent")
  public Map<String, Object> replay(
      @PathParam("connection") String connection,
      @PathParam("site") String site,
      ReplayRequest request) {
    ConnectionConsumer c = consumer(connection, site);
    if (request == null || request.from() == null) {
      throw new AdminErrors.BadInput(
          "body must be {\"from\": \"start\"} or {\"from\": \"2026-08-24T10:00:00Z\"}");
    }
    Instant from = null;
    if (!"start".equals(request.from())) {
      try {
        from = Instant.parse(request.from());
      } catch (DateTimeParseException e) {
        throw new AdminErrors.BadInput(
            "from must be \"start\" or an ISO instant, not '" + request.from() + "'");
      }
    }
    long before = c.consumed();
    boolean verify = Boolean.TRUE.equals(request.verify());
    c.replay(from, verify);
    return Map.of(
        "replaying", c.name(), "from", request.from(), "verify", verify, "consumedSoFar", before);
  }

  private ConnectionConsumer consumer(String connection, String site) {
    return supervisor
        .consumer(connection, site)
        .orElseThrow(
            () ->
                new AdminErrors.NotFound(
                    "no consumer for connection " + connection + " and site " + site));
  }
}
