package dev.worklogbridge.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The world most tests run in: a customer site {@code jca} escalating to a vendor site {@code jcb}
 * over the connection {@code acme}. The vendor's SUP-n issues carry the customer's key ESC-n in
 * {@code customfield_10050}; OPS is out of scope. People: Ada (on both sites, email visible), Bob
 * (different account on each site, same visible email), Grace (customer only, email hidden), Zed
 * (customer only, no email): the last two end up with the fallback account. Both sites have a
 * STATIC_LIST attribute {@code _Phase_} whose value ids differ: "Analysis" is 101 on jca and 7 on
 * jcb; jca's "Fix" has no counterpart on jcb.
 */
public final class TwoSites {

  public static final String CONNECTION = "acme";
  public static final String A = "jca";
  public static final String B = "jcb";
  public static final String ADA = "5b10a2844c20165700ede21g";
  public static final String BOB_A = "5b10ac8d82e05b22cc7d4ef5";
  public static final String BOB_B = "712020:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
  public static final String GRACE = "557058:7c1e1f6a-0d1b-4f3a-9c55-0a1b2c3d4e5f";
  public static final String ZED = "5b10ac8d82e05b22cc7d0000";
  public static final String LINUS = "712020:5c0f4c5e-0c6b-4a4f-9a8e-2f9d5a6b7c8d";
  public static final String FALLBACK_A = "557058:fallback-jca";
  public static final String FALLBACK_B = "557058:fallback-jcb";
  public static final String BRIDGE_A = "557058:bridge-jca";
  public static final String BRIDGE_B = "557058:bridge-jcb";
  public static final String TEMPO_TOKEN_A = "tempo-token-jca-1";
  public static final String TEMPO_TOKEN_B = "tempo-token-jcb-1";
  public static final String JIRA_TOKEN_A = "jira-token-jca";
  public static final String JIRA_TOKEN_B = "jira-token-jcb";
  public static final String ADMIN_KEY = "admin-key-for-tests-only-0123456789";

  /**
   * A second connection for isolation tests: {@code globex} between jca (project OPS) and a third
   * site, jcc, whose issues have the same keys.
   */
  public static final String SECOND_CONNECTION = "globex";

  public static final String C = "jcc";
  public static final String TEMPO_TOKEN_C = "tempo-token-jcc-1";
  public static final String JIRA_TOKEN_C = "jira-token-jcc";
  public static final String BRIDGE_C = "557058:bridge-jcc";
  public static final String FALLBACK_C = "557058:fallback-jcc";

  /** How many ESC/SUP issue pairs the world has. */
  public static final int PAIRS = 20;

  private TwoSites() {}

  /** The seed document for the simulator. Issue ids start at 10001 on both sites, on purpose. */
  public static JsonNode seed() {
    StringBuilder escIssues = new StringBuilder();
    StringBuilder supIssues = new StringBuilder();
    for (int i = 1; i <= PAIRS; i++) {
      escIssues
          .append("{\"key\": \"ESC-")
          .append(i)
          .append("\", \"id\": ")
          .append(10000 + i)
          .append("},");
      supIssues
          .append("{\"key\": \"SUP-")
          .append(i)
          .append("\", \"id\": ")
          .append(10000 + i)
          .append(", \"fields\": {\"customfield_10050\": \"ESC-")
          .append(i)
          .append("\"}},");
    }
    String json =
        """
        {"sites": [
          {"name": "jca",
           "tempoTokens": [{"token": "%s", "label": "jca-bridge", "scope": "MANAGE", "accountId": "%s"}],
           "jiraCredentials": [{"email": "bridge@customer.example", "apiToken": "%s", "accountId": "%s"}],
           "users": [
             {"accountId": "%s", "displayName": "Ada Lovelace", "email": "ada@customer.example", "emailVisible": true,
              "timeZone": "Europe/London"},
             {"accountId": "%s", "displayName": "Bob Builder", "email": "bob@shared.example", "emailVisible": true},
             {"accountId": "%s", "displayName": "Grace Hopper", "email": "grace@customer.example", "emailVisible": false,
              "timeZone": "America/New_York"},
             {"accountId": "%s", "displayName": "Zed Zero"},
             {"accountId": "%s", "displayName": "Vendor time (unmapped)"},
             {"accountId": "%s", "displayName": "Bridge (customer)"}],
           "issues": [%s {"key": "OPS-1", "id": 20001}],
           "workAttributes": [{"key": "_Phase_", "name": "Phase", "type": "STATIC_LIST",
             "values": ["101", "102"], "names": {"101": "Analysis", "102": "Fix"}}],
           "limits": {"tempoRequestsPerSecond": 0, "jiraRequestsPerSecond": 0}},
          {"name": "jcb",
           "tempoTokens": [{"token": "%s", "label": "jcb-bridge", "scope": "MANAGE", "accountId": "%s"}],
           "jiraCredentials": [{"email": "bridge@vendor.example", "apiToken": "%s", "accountId": "%s"}],
           "users": [
             {"accountId": "%s", "displayName": "Ada Lovelace", "email": "ada@customer.example", "emailVisible": true,
              "timeZone": "Europe/London"},
             {"accountId": "%s", "displayName": "Bob Builder", "email": "bob@shared.example", "emailVisible": true},
             {"accountId": "%s", "displayName": "Linus Vendor", "email": "linus@vendor.example", "emailVisible": true},
             {"accountId": "%s", "displayName": "Customer time (unmapped)"},
             {"accountId": "%s", "displayName": "Bridge (vendor)"}],
           "issues": [%s {"key": "OPS-1", "id": 20001}],
           "workAttributes": [{"key": "_Phase_", "name": "Phase", "type": "STATIC_LIST",
             "values": ["7", "9"], "names": {"7": "analysis", "9": "Testing"}}],
           "limits": {"tempoRequestsPerSecond": 0, "jiraRequestsPerSecond": 0}}
        ]}
        """
            .formatted(
                TEMPO_TOKEN_A,
                BRIDGE_A,
                JIRA_TOKEN_A,
                BRIDGE_A,
                ADA,
                BOB_A,
                GRACE,
                ZED,
                FALLBACK_A,
                BRIDGE_A,
                escIssues,
                TEMPO_TOKEN_B,
                BRIDGE_B,
                JIRA_TOKEN_B,
                BRIDGE_B,
                ADA,
                BOB_B,
                LINUS,
                FALLBACK_B,
                BRIDGE_B,
                supIssues);
    try {
      return SimulatorClient.json().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #seed()} with the third site, jcc, of {@link #SECOND_CONNECTION}. */
  public static JsonNode seedWithSecondConnection() {
    JsonNode seed = seed();
    String json =
        """
        {"name": "jcc",
         "tempoTokens": [{"token": "%s", "label": "jcc-bridge", "scope": "MANAGE", "accountId": "%s"}],
         "jiraCredentials": [{"email": "bridge@globex.example", "apiToken": "%s", "accountId": "%s"}],
         "users": [
           {"accountId": "%s", "displayName": "Ada Lovelace", "email": "ada@customer.example", "emailVisible": true,
            "timeZone": "Europe/London"},
           {"accountId": "%s", "displayName": "Time from elsewhere (unmapped)"},
           {"accountId": "%s", "displayName": "Bridge (globex)"}],
         "issues": [{"key": "OPS-1", "id": 30001}, {"key": "OPS-2", "id": 30002}],
         "limits": {"tempoRequestsPerSecond": 0, "jiraRequestsPerSecond": 0}}
        """
            .formatted(TEMPO_TOKEN_C, BRIDGE_C, JIRA_TOKEN_C, BRIDGE_C, ADA, FALLBACK_C, BRIDGE_C);
    try {
      ((com.fasterxml.jackson.databind.node.ArrayNode) seed.get("sites"))
          .add(SimulatorClient.json().readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return seed;
  }

  /**
   * The configuration {@link #config} needs for {@link #SECOND_CONNECTION} as well: site jcc and
   * the connection (jca's project OPS with jcc's, paired by their shared keys).
   */
  public static Map<String, String> secondConnectionConfig(String simulatorUrl, Path tokenDir) {
    Map<String, String> c = new LinkedHashMap<>();
    write(tokenDir, "jcc-tempo", TEMPO_TOKEN_C);
    write(tokenDir, "jcc-jira", JIRA_TOKEN_C);
    site(c, C, "bridge@globex.example", simulatorUrl, tokenDir);
    String k = "bridge.connections." + SECOND_CONNECTION + ".";
    c.put(k + "site-a", A);
    c.put(k + "site-b", C);
    c.put(k + "scope." + A + ".projects", "OPS");
    c.put(k + "scope." + C + ".projects", "OPS");
    c.put(k + "pairing.shared-keys", "true");
    c.put(k + "authors.fallback-account." + A, FALLBACK_A);
    c.put(k + "authors.fallback-account." + C, FALLBACK_C);
    return c;
  }

  /**
   * The {@code bridge.*} configuration of this world against a simulator, with tokens in files
   * under {@code tokenDir} (so tests can rotate them).
   */
  public static Map<String, String> config(String simulatorUrl, Path tokenDir) {
    Map<String, String> c = new LinkedHashMap<>();
    write(tokenDir, "jca-tempo", TEMPO_TOKEN_A);
    write(tokenDir, "jcb-tempo", TEMPO_TOKEN_B);
    write(tokenDir, "jca-jira", JIRA_TOKEN_A);
    write(tokenDir, "jcb-jira", JIRA_TOKEN_B);
    write(tokenDir, "admin-key", ADMIN_KEY);
    site(c, A, "bridge@customer.example", simulatorUrl, tokenDir);
    site(c, B, "bridge@vendor.example", simulatorUrl, tokenDir);
    String k = "bridge.connections." + CONNECTION + ".";
    c.put(k + "site-a", A);
    c.put(k + "site-b", B);
    c.put(k + "scope." + A + ".projects", "ESC");
    c.put(k + "scope." + B + ".projects", "SUP");
    c.put(k + "pairing.remote-key-field." + B, "customfield_10050");
    c.put(k + "authors.fallback-account." + A, FALLBACK_A);
    c.put(k + "authors.fallback-account." + B, FALLBACK_B);
    c.put("bridge.admin.api-key.file", tokenDir.resolve("admin-key").toString());
    return c;
  }

  /** A simulated site's {@code bridge.sites.<site>.*} keys, its tokens in files under tokenDir. */
  public static void site(
      Map<String, String> c, String site, String email, String simulatorUrl, Path tokenDir) {
    String p = "bridge.sites." + site + ".";
    c.put(p + "jira-url", simulatorUrl + "/jira/" + site);
    c.put(p + "jira-email", email);
    c.put(p + "jira-token.file", tokenDir.resolve(site + "-jira").toString());
    c.put(p + "tempo-url", simulatorUrl + "/tempo/" + site);
    c.put(p + "tempo-token.file", tokenDir.resolve(site + "-tempo").toString());
  }

  /** Overwrites a token file, as a rotated Kubernetes secret would. */
  public static void write(Path dir, String name, String value) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name), value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
