package dev.worklogbridge.runtime.database;

import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * An API call that needed the database while it was away answers 503 with the reason (logged once
 * per outage), never a 500 with a stack trace per request.
 */
public class DatabaseErrors {

  @Inject Database database;

  @ServerExceptionMapper
  public Response unavailable(Database.Unavailable e) {
    return answer(e.getMessage());
  }

  @ServerExceptionMapper
  public Response persistence(PersistenceException e) {
    if (!connectionLost(e)) {
      throw e;
    }
    database.unavailable(Database.Unavailable.firstLine(rootCause(e)));
    return answer(Database.Unavailable.firstLine(rootCause(e)));
  }

  private static Response answer(String reason) {
    return Response.status(503)
        .type("application/json")
        .header("Retry-After", "5")
        .entity(Map.of("error", "the database is unavailable: " + reason))
        .build();
  }

  /** A failure to reach PostgreSQL (SQLState class 08, or the pool could not get a connection). */
  public static boolean connectionLost(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException s
          && (s.getSQLState() != null && s.getSQLState().startsWith("08")
              || String.valueOf(s.getMessage()).contains("Acquisition timeout"))) {
        return true;
      }
    }
    return false;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
