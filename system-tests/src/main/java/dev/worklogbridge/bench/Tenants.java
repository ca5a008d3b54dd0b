package dev.worklogbridge.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.stack.World;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.TwoSites;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Many tenants on one process pair: tenant t01 to t{@code n}, each a connection of its own between
 * two sites of its own ({@code t01-a} escalating to {@code t01-b}), each site with its own tokens
 * and Tempo's 5 requests/s, issues ESC-1 to ESC-{@code issues} on both (paired by their shared
 * keys) and Ada, the same account on both sites.
 */
final class Tenants {

  private Tenants() {}

  static String connection(int tenant) {
    return String.format("t%02d", tenant);
  }

  static String source(int tenant) {
    return connection(tenant) + "-a";
  }

  static String target(int tenant) {
    return connection(tenant) + "-b";
  }

  static String tempoToken(String site) {
    return "tempo-token-" + site;
  }

  static World world(int tenants, int issues) {
    return new World(
        tenants + " tenants, each its own connection between two sites of its own",
        () -> seed(tenants, issues),
        (url, tokens) -> {
          Map<String, String> c = new LinkedHashMap<>();
          TwoSites.write(tokens, "admin-key", TwoSites.ADMIN_KEY);
          c.put("bridge.admin.api-key.file", tokens.resolve("admin-key").toString());
          for (int t = 1; t <= tenants; t++) {
            String k = "bridge.connections." + connection(t) + ".";
            c.put(k + "site-a", source(t));
            c.put(k + "site-b", target(t));
            c.put(k + "pairing.shared-keys", "true");
            for (String site : new String[] {source(t), target(t)}) {
              TwoSites.write(tokens, site + "-tempo", tempoToken(site));
              TwoSites.write(tokens, site + "-jira", "jira-token-" + site);
              TwoSites.site(c, site, "bridge@" + site + ".example", url, tokens);
              c.put(k + "scope." + site + ".projects", "ESC");
              c.put(k + "authors.fallback-account." + site, "557058:fallback-" + site);
            }
          }
          return c;
        });
  }

  private static ObjectNode seed(int tenants, int issues) {
    ObjectNode seed = SimulatorClient.object();
    ArrayNode sites = seed.putArray("sites");
    for (int t = 1; t <= tenants; t++) {
      for (String site : new String[] {source(t), target(t)}) {
        String bridge = "557058:bridge-" + site;
        ObjectNode s = sites.addObject().put("name", site);
        s.putArray("tempoTokens")
            .addObject()
            .put("token", tempoToken(site))
            .put("label", site + "-bridge")
            .put("scope", "MANAGE")
            .put("accountId", bridge);
        s.putArray("jiraCredentials")
            .addObject()
            .put("email", "bridge@" + site + ".example")
            .put("apiToken", "jira-token-" + site)
            .put("accountId", bridge);
        ArrayNode users = s.putArray("users");
        users
            .addObject()
            .put("accountId", TwoSites.ADA)
            .put("displayName", "Ada Lovelace")
            .put("email", "ada@customer.example")
            .put("emailVisible", true);
        users.addObject().put("accountId", "557058:fallback-" + site).put("displayName", "Other");
        users.addObject().put("accountId", bridge).put("displayName", "Bridge");
        ArrayNode list = s.putArray("issues");
        for (int i = 1; i <= issues; i++) {
          list.addObject().put("key", "ESC-" + i).put("id", 10000 + i);
        }
        // The bridge writes to the target at Tempo's 5/s; the source is where the bench itself
        // bulk-creates the backlog, unthrottled (as in the backfill scenario), so that the backlog
        // is there at once and throttling is the bridge's own.
        s.putObject("limits")
            .put("tempoRequestsPerSecond", site.equals(target(t)) ? 5 : 0)
            .put("retryAfterSeconds", 1)
            .put("jiraRequestsPerSecond", 0);
      }
    }
    return seed;
  }
}
