package dev.worklogbridge.simulator.tempo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.simulator.gateway.Calls;
import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.WorkAttribute;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Tempo v4 work attributes and global configuration. */
@Path("/tempo/{site}/4")
@Produces(MediaType.APPLICATION_JSON)
public class TempoConfigResource {

  private static final Set<String> TYPES =
      Set.of("ACCOUNT", "CHECKBOX", "INPUT_FIELD", "INPUT_NUMERIC", "STATIC_LIST");

  @Inject Calls calls;

  @GET
  @Path("work-attributes")
  public JsonNode attributes() {
    TempoRequests.ListQuery q = TempoRequests.listQuery(calls.context().queryParams());
    return TempoJson.page(
        calls.context(),
        calls.site().tempoSetup().attributes(),
        q.offset(),
        q.limit(),
        this::render);
  }

  @POST
  @Path("work-attributes")
  public JsonNode createAttribute(JsonNode body) {
    if (body == null
        || !body.hasNonNull("key")
        || !body.hasNonNull("name")
        || !body.hasNonNull("type")) {
      throw ApiError.badRequest("key, name and type are required");
    }
    String type = body.get("type").asText();
    if (!TYPES.contains(type)) {
      throw ApiError.badRequest("type must be one of " + TYPES);
    }
    List<String> values = new ArrayList<>();
    body.path("values").forEach(v -> values.add(v.asText()));
    WorkAttribute created =
        calls
            .site()
            .tempoSetup()
            .addAttribute(
                new WorkAttribute(
                    body.get("key").asText(),
                    body.get("name").asText(),
                    type,
                    body.path("required").asBoolean(false),
                    values));
    return render(created);
  }

  @GET
  @Path("globalconfiguration")
  public JsonNode globalConfiguration() {
    // The names and types the reference gives (weekStart an integer).
    return TempoJson.JSON.valueToTree(calls.site().tempoSetup().rules);
  }

  private ObjectNode render(WorkAttribute a) {
    ObjectNode n = TempoJson.JSON.createObjectNode();
    n.put(
        "self",
        TempoJson.tempoBase(calls.context(), calls.site()) + "/4/work-attributes/" + a.key());
    n.put("key", a.key());
    n.put("name", a.name());
    n.put("type", a.type());
    n.put("required", a.required());
    a.values().forEach(n.putArray("values")::add);
    ObjectNode names = n.putObject("names");
    a.values().forEach(v -> names.put(v, a.names().get(v)));
    return n;
  }
}
