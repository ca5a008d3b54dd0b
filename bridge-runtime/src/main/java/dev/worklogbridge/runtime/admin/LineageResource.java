package dev.worklogbridge.runtime.admin;

import dev.worklogbridge.model.Lineage;
import dev.worklogbridge.store.LineageHistory;
import dev.worklogbridge.store.LineageLink;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** What the bridge knows of one lineage on each site, and what happened to it. */
@Path("/api/v1/connections/{connection}/lineages/{lineage}")
@Produces(MediaType.APPLICATION_JSON)
public class LineageResource {

  @GET
  @Operation(summary = "Link rows and history of one lineage, e.g. jca:126")
  public Map<String, Object> lineage(
      @PathParam("connection") String connection, @PathParam("lineage") String lineage) {
    try {
      Lineage.parse(lineage);
    } catch (IllegalArgumentException e) {
      throw new AdminErrors.BadInput(e.getMessage());
    }
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<LineageLink> links =
                  LineageLink.list("connection = ?1 and lineage = ?2", connection, lineage);
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("connection", connection);
              out.put("lineage", lineage);
              out.put("sites", links.stream().map(LineageResource::view).toList());
              out.put(
                  "history",
                  LineageHistory.of(connection, lineage).stream()
                      .map(
                          h ->
                              Map.of(
                                  "at",
                                  h.at.toString(),
                                  "site",
                                  h.site,
                                  "action",
                                  h.action,
                                  "detail",
                                  h.detail))
                      .toList());
              return out;
            });
  }

  /** One site's link row of a lineage, as the API shows it. */
  static Map<String, Object> view(LineageLink l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("site", l.site);
    m.put("lineage", l.lineage);
    m.put("role", l.role);
    m.put("state", l.state);
    m.put("localWorklogId", l.localWorklogId);
    m.put("localIssueId", l.localIssueId);
    m.put("lastVersion", l.lastVersion == null ? null : l.lastVersion.toString());
    m.put("lastHash", l.lastHash);
    m.put("updatedAt", l.updatedAt == null ? null : l.updatedAt.toString());
    return m;
  }
}
