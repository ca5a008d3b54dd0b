package dev.worklogbridge.inbound.admin;

import dev.worklogbridge.inbound.resolve.AuthorResolver;
import dev.worklogbridge.inbound.resolve.IssuePairingResolver;
import dev.worklogbridge.runtime.admin.AdminErrors;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.store.AuthorMapping;
import dev.worklogbridge.store.IssuePairing;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The issue-pairing and author-mapping tables of a connection: list, add, remove, and CSV import.
 * Changes take effect at once (cached decisions are forgotten).
 */
@Path("/api/v1/connections/{connection}")
@Produces(MediaType.APPLICATION_JSON)
public class MappingTablesResource {

  private static final Pattern ISSUE_KEY = Pattern.compile("[A-Z][A-Z0-9_]*-[0-9]+");

  /** A pair of issues. */
  public record Pairing(Long id, String siteA, String issueKeyA, String siteB, String issueKeyB) {}

  /** Who logs on {@code targetSite} for {@code sourceAccountId}. */
  public record Mapping(
      Long id, String targetSite, String sourceAccountId, String targetAccountId) {}

  @Inject Connections connections;
  @Inject IssuePairingResolver pairingResolver;
  @Inject AuthorResolver authorResolver;

  // ---- pairings ----

  @GET
  @Path("pairings")
  @Operation(summary = "Explicit issue pairs of the connection")
  public List<Pairing> pairings(@PathParam("connection") String connection) {
    connection(connection);
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                IssuePairing.listFor(connection).stream()
                    .map(p -> new Pairing(p.id, p.siteA, p.issueKeyA, p.siteB, p.issueKeyB))
                    .toList());
  }

  @POST
  @Path("pairings")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Pair two issues (one on each site of the connection)")
  public Response addPairing(@PathParam("connection") String connection, Pairing body) {
    Connections.View c = connection(connection);
    if (body == null) {
      throw new AdminErrors.BadInput(
          "body must be {\"siteA\", \"issueKeyA\", \"siteB\", \"issueKeyB\"}");
    }
    checkPairing(c, body.siteA(), body.issueKeyA(), body.siteB(), body.issueKeyB());
    Pairing saved =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  IssuePairing p =
                      IssuePairing.of(
                          connection,
                          body.siteA(),
                          body.issueKeyA(),
                          body.siteB(),
                          body.issueKeyB());
                  p.persist();
                  return new Pairing(p.id, p.siteA, p.issueKeyA, p.siteB, p.issueKeyB);
                });
    pairingResolver.forget();
    return Response.status(201).entity(saved).build();
  }

  @DELETE
  @Path("pairings/{id}")
  public Response removePairing(
      @PathParam("connection") String connection, @PathParam("id") long id) {
    connection(connection);
    boolean deleted =
        QuarkusTransaction.requiringNew()
            .call(() -> IssuePairing.delete("id = ?1 and connection = ?2", id, connection) > 0);
    if (!deleted) {
      throw new AdminErrors.NotFound("no pairing " + id + " in " + connection);
    }
    pairingResolver.forget();
    return Response.noContent().build();
  }

  /**
   * CSV lines {@code siteA,issueKeyA,siteB,issueKeyB}; a header line and blank lines are ignored.
   */
  @POST
  @Path("pairings/import")
  @Consumes({"text/csv", MediaType.TEXT_PLAIN})
  @Operation(summary = "Import pairs from CSV: siteA,issueKeyA,siteB,issueKeyB")
  public Map<String, Object> importPairings(
      @PathParam("connection") String connection, String csv) {
    Connections.View c = connection(connection);
    List<String[]> rows =
        CsvTable.rows(csv, "siteA,issueKeyA,siteB,issueKeyB", r -> checkPairing(c, r));
    int imported =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  int n = 0;
                  for (String[] r : rows) {
                    boolean exists =
                        IssuePairing.targetKey(connection, r[0], r[1], r[2]).isPresent();
                    if (!exists) {
                      IssuePairing.of(connection, r[0], r[1], r[2], r[3]).persist();
                      n++;
                    }
                  }
                  return n;
                });
    pairingResolver.forget();
    return Map.of("imported", imported, "alreadyPresent", rows.size() - imported);
  }

  // ---- author mappings ----

  @GET
  @Path("author-mappings")
  @Operation(summary = "Explicit author mappings of the connection")
  public List<Mapping> mappings(@PathParam("connection") String connection) {
    connection(connection);
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                AuthorMapping.listFor(connection).stream()
                    .map(m -> new Mapping(m.id, m.targetSite, m.sourceAccountId, m.targetAccountId))
                    .toList());
  }

  @POST
  @Path("author-mappings")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Map a source author to the account that logs on a target site")
  public Response addMapping(@PathParam("connection") String connection, Mapping body) {
    Connections.View c = connection(connection);
    if (body == null) {
      throw new AdminErrors.BadInput(
          "body must be {\"targetSite\", \"sourceAccountId\", \"targetAccountId\"}");
    }
    checkMapping(c, body.targetSite(), body.sourceAccountId(), body.targetAccountId());
    Mapping saved =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  AuthorMapping.delete(
                      "connection = ?1 and targetSite = ?2 and sourceAccountId = ?3",
                      connection,
                      body.targetSite(),
                      body.sourceAccountId());
                  AuthorMapping m =
                      AuthorMapping.of(
                          connection,
                          body.targetSite(),
                          body.sourceAccountId(),
                          body.targetAccountId());
                  m.persist();
                  return new Mapping(m.id, m.targetSite, m.sourceAccountId, m.targetAccountId);
                });
    authorResolver.forget();
    return Response.status(201).entity(saved).build();
  }

  @DELETE
  @Path("author-mappings/{id}")
  public Response removeMapping(
      @PathParam("connection") String connection, @PathParam("id") long id) {
    connection(connection);
    boolean deleted =
        QuarkusTransaction.requiringNew()
            .call(() -> AuthorMapping.delete("id = ?1 and connection = ?2", id, connection) > 0);
    if (!deleted) {
      throw new AdminErrors.NotFound("no author mapping " + id + " in " + connection);
    }
    authorResolver.forget();
    return Response.noContent().build();
  }

  /** CSV lines {@code targetSite,sourceAccountId,targetAccountId}. */
  @POST
  @Path("author-mappings/import")
  @Consumes({"text/csv", MediaType.TEXT_PLAIN})
  @Operation(
      summary = "Import author mappings from CSV: targetSite,sourceAccountId,targetAccountId")
  public Map<String, Object> importMappings(
      @PathParam("connection") String connection, String csv) {
    Connections.View c = connection(connection);
    List<String[]> rows =
        CsvTable.rows(
            csv,
            "targetSite,sourceAccountId,targetAccountId",
            r -> checkMapping(c, r[0], r[1], r[2]));
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              for (String[] r : rows) {
                AuthorMapping.delete(
                    "connection = ?1 and targetSite = ?2 and sourceAccountId = ?3",
                    connection,
                    r[0],
                    r[1]);
                AuthorMapping.of(connection, r[0], r[1], r[2]).persist();
              }
            });
    authorResolver.forget();
    return Map.of("imported", rows.size());
  }

  // ---- validation ----

  private Connections.View connection(String name) {
    return connections
        .get(name)
        .orElseThrow(() -> new AdminErrors.NotFound("no connection " + name));
  }

  private static void checkPairing(
      Connections.View c, String siteA, String keyA, String siteB, String keyB) {
    if (siteA == null
        || siteB == null
        || !c.includes(siteA)
        || !c.includes(siteB)
        || siteA.equals(siteB)) {
      throw new AdminErrors.BadInput(
          "siteA and siteB must be the two sites of "
              + c.name()
              + " ("
              + c.siteA()
              + ", "
              + c.siteB()
              + "), not "
              + siteA
              + " and "
              + siteB);
    }
    for (String key : new String[] {keyA, keyB}) {
      if (key == null || !ISSUE_KEY.matcher(key).matches()) {
        throw new AdminErrors.BadInput("'" + key + "' is not an issue key like ESC-12");
      }
    }
  }

  private static void checkMapping(
      Connections.View c, String targetSite, String source, String target) {
    if (targetSite == null || !c.includes(targetSite)) {
      throw new AdminErrors.BadInput(
          "targetSite must be " + c.siteA() + " or " + c.siteB() + ", not " + targetSite);
    }
    if (source == null || source.isBlank() || target == null || target.isBlank()) {
      throw new AdminErrors.BadInput("sourceAccountId and targetAccountId are required");
    }
  }

  private static void checkPairing(Connections.View c, String[] r) {
    checkPairing(c, r[0], r[1], r[2], r[3]);
  }
}
