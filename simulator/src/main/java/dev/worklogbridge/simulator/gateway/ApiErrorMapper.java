package dev.worklogbridge.simulator.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.simulator.model.ApiError;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders refusals the way each real API does. */
public class ApiErrorMapper {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ServerExceptionMapper
  public Response map(ApiError error, HttpServerRequest request) {
    String path = request.path();
    if (path.startsWith("/jira/")) {
      ObjectNode body = JSON.createObjectNode();
      body.putArray("errorMessages").add(error.getMessage());
      body.putObject("errors");
      return Response.status(error.status()).type("application/json").entity(body).build();
    }
    if (path.startsWith("/tempo/") && (error.status() == 401 || error.status() == 403)) {
      return Response.status(error.status())
          .type("text/html")
          .entity("<html><body><h1>" + error.status() + "</h1></body></html>")
          .build();
    }
    ObjectNode body = JSON.createObjectNode();
    body.putArray("errors").addObject().put("message", error.getMessage());
    return Response.status(error.status()).type("application/json").entity(body).build();
  }
}
