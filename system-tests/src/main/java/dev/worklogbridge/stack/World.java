package dev.worklogbridge.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.testkit.TwoSites;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The sites a {@link Stack} seeds into the simulator and the {@code bridge.*} configuration the
 * services get for them (from the simulator's address and a folder for the token files).
 */
public record World(
    String description,
    Supplier<JsonNode> seed,
    BiFunction<String, Path, Map<String, String>> config) {

  /** {@link TwoSites}: jca and jcb over the connection acme. */
  public static World twoSites() {
    return new World("sites jca = customer, jcb = vendor", TwoSites::seed, TwoSites::config);
  }

  /** {@link TwoSites} with its second connection, globex, to the third site jcc. */
  public static World withSecondConnection() {
    return new World(
        "sites jca = customer, jcb = vendor, jcc = second vendor",
        TwoSites::seedWithSecondConnection,
        (url, tokens) -> {
          Map<String, String> c = new LinkedHashMap<>(TwoSites.config(url, tokens));
          c.putAll(TwoSites.secondConnectionConfig(url, tokens));
          return c;
        });
  }
}
