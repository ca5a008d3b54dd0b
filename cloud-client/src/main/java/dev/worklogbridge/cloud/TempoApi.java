package dev.worklogbridge.cloud;

import io.quarkus.rest.client.reactive.Url;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Tempo Cloud REST API v4 and its deletion feed, as documented, for the MicroProfile REST Client.
 * Every method answers the raw {@link Response} (the default error mapper is off) and takes the
 * JSON body as bytes: statuses, Retry-After and the lost-answer rule are read in one place, {@link
 * CallPolicy}. A null query parameter is left out of the request.
 */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface TempoApi {

  @GET
  @Path("/4/worklogs/{id}")
  Response worklog(@PathParam("id") long id);

  @POST
  @Path("/4/worklogs")
  Response create(byte[] body);

  @PUT
  @Path("/4/worklogs/{id}")
  Response update(@PathParam("id") long id, byte[] body);

  @DELETE
  @Path("/4/worklogs/{id}")
  Response delete(
      @PathParam("id") long id,
      @QueryParam("bypassPeriodClosuresAndApprovals") Boolean bypassPeriodClosuresAndApprovals);

  @POST
  @Path("/4/worklogs/issue/{issueId}/bulk")
  Response createBulk(@PathParam("issueId") long issueId, byte[] body);

  @GET
  @Path("/4/worklogs")
  Response worklogs(
      @QueryParam("orderBy") String orderBy,
      @QueryParam("limit") int limit,
      @QueryParam("updatedFrom") String updatedFrom,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("projectId") List<Long> projectIds);

  @GET
  @Path("/4/worklogs/issue/{issueId}")
  Response byIssue(@PathParam("issueId") long issueId, @QueryParam("limit") int limit);

  @GET
  @Path("/4/worklogs/user/{accountId}")
  Response byUser(
      @PathParam("accountId") String accountId,
      @QueryParam("limit") int limit,
      @QueryParam("from") String from,
      @QueryParam("to") String to);

  @GET
  @Path("/papertrail/1/events/deleted/types/worklog")
  Response deletedWorklogs(
      @QueryParam("limit") int limit,
      @QueryParam("updatedFrom") String updatedFrom,
      @QueryParam("lastEvaluatedKey") String lastEvaluatedKey);

  @GET
  @Path("/4/work-attributes")
  Response workAttributes(@QueryParam("limit") int limit);

  @POST
  @Path("/4/work-attributes")
  Response createWorkAttribute(byte[] body);

  @GET
  @Path("/4/globalconfiguration")
  Response globalConfiguration();

  @POST
  @Path("/4/webhooks/subscriptions")
  Response subscribe(byte[] body);

  @GET
  @Path("/4/webhooks/subscriptions")
  Response subscriptions(@QueryParam("limit") int limit);

  @PATCH
  @Path("/4/webhooks/subscriptions/{id}/refresh")
  Response refresh(@PathParam("id") String id);

  @DELETE
  @Path("/4/webhooks/subscriptions/{id}")
  Response unsubscribe(@PathParam("id") String id);

  /**
   * A page named by an answer's {@code metadata.next}, which carries its own path and query. Only
   * called with a link {@link TempoClient#sameOrigin} has checked; {@link SiteAuthorization}
   * refuses any other host as well.
   */
  @GET
  Response page(@Url String link);
}
