package dev.worklogbridge.inbound.admin;

import dev.worklogbridge.inbound.apply.Parking;
import dev.worklogbridge.inbound.consume.ConnectionConsumer;
import dev.worklogbridge.inbound.consume.ConsumerSupervisor;
import dev.worklogbridge.runtime.admin.AdminErrors;
import dev.worklogbridge.runtime.config.Connections;
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

/** What operators do to one connection's target site: parked events, replay, dry run. */
@Path("/api/v1/connections/{connection}/sites/{site}")
@Produces(MediaType.APPLICATION_JSON)
public class SiteOperationsResource {

  /**
   * A replay request: {@code "start"} or an ISO instant; {@code verify} when the target lost data
   * (each replica is checked to exist, and written again where it does not).
   */
  public record ReplayRequest(String from, Boolean verify) {}

  /** A dry-run request: one event as published, or worklog ids of the source site. */
  public record DryRunRequest(
      com.fasterxml.jackson.databind.JsonNode event,
      String sourceSite,
      List<Long> sourceWorklogIds) {}

  @Inject ConsumerSupervisor supervisor;
  @Inject Parking parking;
  @Inject DryRun dryRun;
  @Inject Connections connections;
  @Inject dev.worklogbridge.inbound.consume.TopicTimes topicTimes;
  @Inject java.time.Clock clock;

  @GET
  @Path("parked")
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
  @Path("parked/retry")
  @Operation(summary = "Make parked events due now (all, or one lineage)")
  public Map<String, Object> retry(
      @PathParam("connection") String connection,
      @PathParam("site") String site,
      @QueryParam("lineage") String lineage) {
    consumer(connection, site);
    return Map.of("due", parking.retryNow(connection, site, lineage));
  }

  @POST
  @Path("replay")
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
      reachable(connection, from);
    }
    long before = c.consumed();
    boolean verify = Boolean.TRUE.equals(request.verify());
    c.replay(from, verify);
    return Map.of(
        "replaying", c.name(), "from", request.from(), "verify", verify, "consumedSoFar", before);
  }

  /**
   * A replay from a time must find what happened since: not in the future (it would skip records
   * never applied), not before the oldest record the topic still holds where retention removed
   * older ones (the replay would silently miss them).
   */
  private void reachable(String connection, Instant from) {
    if (from.isAfter(clock.instant())) {
      throw new AdminErrors.BadInput(
          "from "
              + from
              + " is in the future; nothing would be replayed and records not yet"
              + " applied would be passed over");
    }
    topicTimes
        .reachableSince(dev.worklogbridge.model.Topics.replica(connection))
        .filter(from::isBefore)
        .ifPresent(
            oldest -> {
              throw new AdminErrors.BadInput(
                  "from "
                      + from
                      + " is before the oldest record the topic still holds ("
                      + oldest
                      + "); what came before was removed by retention. Replay from \"start\""
                      + " to re-read everything it holds");
            });
  }

  @POST
  @Path("dry-run")
  @Operation(
      summary =
          "What applying would do: resolved issue, author decision, dropped attributes, the exact"
              + " Tempo request; writes nothing")
  public List<Map<String, Object>> dryRun(
      @PathParam("connection") String connection,
      @PathParam("site") String site,
      DryRunRequest request) {
    consumer(connection, site);
    var c = connections.get(connection).orElseThrow();
    if (request == null || (request.event() == null && request.sourceWorklogIds() == null)) {
      throw new AdminErrors.BadInput(
          "body must be {\"event\": {...}} or {\"sourceSite\": ..., \"sourceWorklogIds\": [...]}");
    }
    if (request.event() != null) {
      try {
        return List.of(
            dryRun.plan(
                c,
                site,
                dev.worklogbridge.model.ReplicaEventCodec.decode(
                    dev.worklogbridge.model.ReplicaEventCodec.mapper()
                        .writeValueAsBytes(request.event()))));
      } catch (dev.worklogbridge.model.InvalidEventException e) {
        throw new AdminErrors.BadInput("the event is not a valid replica event: " + e.getMessage());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new AdminErrors.BadInput("the event is not JSON");
      }
    }
    if (request.sourceSite() == null
        || !c.includes(request.sourceSite())
        || request.sourceSite().equals(site)) {
      throw new AdminErrors.BadInput("sourceSite must be the other site of " + connection);
    }
    if (request.sourceWorklogIds().isEmpty() || request.sourceWorklogIds().size() > 100) {
      throw new AdminErrors.BadInput("sourceWorklogIds must hold 1 to 100 ids");
    }
    return dryRun.planForSource(c, site, request.sourceSite(), request.sourceWorklogIds());
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
