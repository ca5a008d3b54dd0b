package dev.worklogbridge.runtime.admin;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Bad admin input answers 400 with a message that says what is wrong. */
public class AdminErrors {

  /** Thrown by admin resources for input they refuse. */
  public static class BadInput extends RuntimeException {
    public BadInput(String message) {
      super(message, null, false, false);
    }
  }

  /** Thrown by admin resources for something that does not exist. */
  public static class NotFound extends RuntimeException {
    public NotFound(String message) {
      super(message, null, false, false);
    }
  }

  @ServerExceptionMapper
  public Response badInput(BadInput e) {
    return Response.status(400)
        .type("application/json")
        .entity(Map.of("error", e.getMessage()))
        .build();
  }

  @ServerExceptionMapper
  public Response notFound(NotFound e) {
    return Response.status(404)
        .type("application/json")
        .entity(Map.of("error", e.getMessage()))
        .build();
  }
}
