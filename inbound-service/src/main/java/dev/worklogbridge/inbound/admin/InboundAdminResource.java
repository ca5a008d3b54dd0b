package dev.worklogbridge.inbound.admin;

import dev.worklogbridge.inbound.consume.ConnectionConsumer;
import dev.worklogbridge.inbound.consume.ConsumerSupervisor;
import dev.worklogbridge.runtime.site.SiteHealth;
import dev.worklogbridge.store.ParkedEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The inbound admin API: status of every consumer (connection and target site). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class InboundAdminResource {

  @Inject ConsumerSupervisor supervisor;

  @Inject SiteHealth health;

  @Inject dev.worklogbridge.runtime.database.Database database;

  @Inject dev.worklogbridge.runtime.site.ConfigurationProblems problems;

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
    out.put("configurationProblems", problems.all());
    return out;
  }

  @Inject dev.worklogbridge.inbound.apply.DelayHistory delays;

  @GET
  @Path("delays")
  @Operation(
      summary =
          "Delay from the source's change to the target's write, per minute over the last hour"
              + " (p50, p99; bins a quarter wide)")
  public Map<String, Object> delays() {
    return Map.of("minutes", delays.lastHour());
  }

  private Map<String, Object> view(ConnectionConsumer c) {
    String[] cs = c.name().split("/");
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("state", c.state());
    v.put("lag", c.totalLag());
    v.put("partitions", c.partitions());
    v.put("consumed", c.consumed());
    v.put("deadLettered", c.deadLettered());
    // Bounded: with the database away the status answers 503 with the reason, promptly.
    v.put(
        "parked",
        database.within(
            () ->
                QuarkusTransaction.requiringNew().call(() -> ParkedEvent.countFor(cs[0], cs[1]))));
    v.put("lastAppliedAt", c.lastAppliedAt() == null ? null : c.lastAppliedAt().toString());
    return v;
  }
}
