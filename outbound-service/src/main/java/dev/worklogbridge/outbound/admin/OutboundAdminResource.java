package dev.worklogbridge.outbound.admin;

import dev.worklogbridge.outbound.detect.Poller;
import dev.worklogbridge.outbound.detect.Unprocessable;
import dev.worklogbridge.runtime.admin.AdminErrors;
import dev.worklogbridge.runtime.site.SiteHealth;
import dev.worklogbridge.store.PollWatermark;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The outbound admin API: status of the watched sites, and backfill. Needs the admin API key. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class OutboundAdminResource {

  /** A backfill request: the site, and the worklog dates (inclusive). */
  public record BackfillRequest(String site, String from, String to) {}

  @Inject Poller poller;
  @Inject SiteHealth health;
  @Inject BackfillJobs backfills;
  @Inject dev.worklogbridge.runtime.database.Database database;

  @GET
  @Path("status")
  @Operation(summary = "Watched sites: poll watermarks and token state")
  public Map<String, Object> status() {
    Map<String, Object> sites = new LinkedHashMap<>();
    for (String site : poller.watchedSites()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("state", health.isAuthFailed(site) ? "AUTH_FAILED" : "RUNNING");
      // Bounded: with the database away the status answers 503 with the reason, promptly.
      database.within(
          () ->
              QuarkusTransaction.requiringNew()
                  .call(
                      () -> {
                        s.put(
                            "worklogWatermark",
                            PollWatermark.read(site, PollWatermark.WORKLOGS)
                                .map(Object::toString)
                                .orElse(null));
                        s.put(
                            "deletionWatermark",
                            PollWatermark.read(site, PollWatermark.DELETIONS)
                                .map(Object::toString)
                                .orElse(null));
                        s.put("attention", attention(site));
                        return null;
                      }));
      sites.put(site, s);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("service", "outbound");
    out.put("sites", sites);
    out.put("authFailures", health.failures());
    return out;
  }

  /**
   * The site's worklogs that need a person's look, newest first: passed over (unprocessable), a
   * marker not believed, a worklog whose lineage was deleted before it was seen.
   */
  private static Map<String, Object> attention(String site) {
    List<dev.worklogbridge.store.LineageHistory> recent =
        dev.worklogbridge.store.LineageHistory.<dev.worklogbridge.store.LineageHistory>find(
                "site = ?1 and action in ?2 order by id desc", site, Unprocessable.ATTENTION)
            .page(0, 20)
            .list();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(
        "total",
        dev.worklogbridge.store.LineageHistory.count(
            "site = ?1 and action in ?2", site, Unprocessable.ATTENTION));
    out.put(
        "recent",
        recent.stream()
            .map(
                h ->
                    Map.of(
                        "connection", h.connection,
                        "lineage", h.lineage,
                        "what", h.action,
                        "at", h.at.toString(),
                        "reason", h.detail))
            .toList());
    return out;
  }

  @POST
  @Path("backfill")
  @Operation(
      summary = "Publish every in-scope worklog of a site dated between two days; safe to repeat")
  public Response backfill(BackfillRequest request) {
    if (request == null
        || request.site() == null
        || request.from() == null
        || request.to() == null) {
      throw new AdminErrors.BadInput(
          "body must be {\"site\": ..., \"from\": \"yyyy-MM-dd\", \"to\": \"yyyy-MM-dd\"}");
    }
    if (!poller.watchedSites().contains(request.site())) {
      throw new AdminErrors.BadInput("site " + request.site() + " is not watched by this service");
    }
    LocalDate from = date(request.from(), "from");
    LocalDate to = date(request.to(), "to");
    if (to.isBefore(from)) {
      throw new AdminErrors.BadInput("to must not be before from");
    }
    return Response.accepted(backfills.start(request.site(), from, to).view()).build();
  }

  @GET
  @Path("backfill/{id}")
  public Map<String, Object> backfillProgress(@PathParam("id") String id) {
    BackfillJobs.Job job = backfills.get(id);
    if (job == null) {
      throw new AdminErrors.NotFound("no backfill " + id);
    }
    return job.view();
  }

  @GET
  @Path("backfill")
  public List<Map<String, Object>> backfills() {
    return backfills.all().stream().map(BackfillJobs.Job::view).toList();
  }

  private static LocalDate date(String value, String field) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new AdminErrors.BadInput(field + " must be a date yyyy-MM-dd, not '" + value + "'");
    }
  }
}
