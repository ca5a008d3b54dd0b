package dev.worklogbridge.cloud;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Jira Cloud REST API v3, the calls the bridge makes, as documented, for the MicroProfile REST
 * Client. Raw {@link Response}s and byte bodies, like {@link TempoApi}. A null query parameter is
 * left out of the request.
 */
@Path("/rest/api/3")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface JiraApi {

  @GET
  @Path("/issue/{idOrKey}")
  Response issue(@PathParam("idOrKey") String idOrKey);

  @POST
  @Path("/search/jql")
  Response search(byte[] body);

  @GET
  @Path("/field")
  Response fields();

  @GET
  @Path("/user")
  Response user(@QueryParam("accountId") String accountId);

  @GET
  @Path("/user/search")
  Response searchUsers(@QueryParam("query") String query);

  @GET
  @Path("/myself")
  Response myself();

  @POST
  @Path("/issue/{issueId}/worklog")
  Response createWorklog(
      @PathParam("issueId") long issueId,
      @QueryParam("expand") String expand,
      @QueryParam("adjustEstimate") String adjustEstimate,
      @QueryParam("newEstimate") String newEstimate,
      byte[] body);

  @PUT
  @Path("/issue/{issueId}/worklog/{id}")
  Response updateWorklog(
      @PathParam("issueId") long issueId,
      @PathParam("id") long id,
      @QueryParam("expand") String expand,
      @QueryParam("adjustEstimate") String adjustEstimate,
      @QueryParam("newEstimate") String newEstimate,
      byte[] body);

  @DELETE
  @Path("/issue/{issueId}/worklog/{id}")
  Response deleteWorklog(
      @PathParam("issueId") long issueId,
      @PathParam("id") long id,
      @QueryParam("adjustEstimate") String adjustEstimate);

  @GET
  @Path("/issue/{issueId}/worklog/{id}")
  Response worklog(
      @PathParam("issueId") long issueId,
      @PathParam("id") long id,
      @QueryParam("expand") String expand);

  @GET
  @Path("/issue/{issueId}/worklog")
  Response worklogs(
      @PathParam("issueId") long issueId,
      @QueryParam("expand") String expand,
      @QueryParam("maxResults") int maxResults,
      @QueryParam("startAt") int startAt);
}
