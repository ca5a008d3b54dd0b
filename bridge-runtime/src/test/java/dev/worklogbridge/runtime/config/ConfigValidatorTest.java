package dev.worklogbridge.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad configuration is reported with the key that is wrong, and never with a secret. */
class ConfigValidatorTest {

  private Map<String, String> props;
  private Path token;

  @BeforeEach
  void good() throws Exception {
    token = Files.createTempFile("token", ".txt");
    Files.writeString(token, "s3cret-value");
    props = new HashMap<>();
    for (String site : List.of("jca", "jcb")) {
      props.put("bridge.sites." + site + ".jira-url", "https://" + site + ".atlassian.net");
      props.put("bridge.sites." + site + ".jira-email", "bridge@" + site + ".example");
      props.put("bridge.sites." + site + ".jira-token.file", token.toString());
      props.put("bridge.sites." + site + ".tempo-url", "https://api.tempo.io");
      props.put("bridge.sites." + site + ".tempo-token.env", "WB_TEST_TOKEN");
    }
    props.put("bridge.connections.acme.site-a", "jca");
    props.put("bridge.connections.acme.site-b", "jcb");
    props.put("bridge.connections.acme.scope.jca.projects", "ESC");
    props.put("bridge.connections.acme.scope.jcb.projects", "SUP");
    adminKey = Files.createTempFile("admin", ".txt");
    Files.writeString(adminKey, "an-admin-key-long-enough-0123456789");
    props.put("bridge.admin.api-key.file", adminKey.toString());
  }

  private Path adminKey;

  private List<String> problems() {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(BridgeConfig.class)
            .withSources(new PropertiesConfigSource(props, "test", 100))
            .build();
    return ConfigValidator.problems(
        config.getConfigMapping(BridgeConfig.class), Map.of("WB_TEST_TOKEN", "x"));
  }

  @Test
  void aGoodConfigurationHasNoProblems() {
    assertThat(problems()).isEmpty();
  }

  @Test
  void tokensGoOnlyOverHttpsExceptToTheLoopback() {
    props.put("bridge.sites.jca.jira-url", "http://jca.atlassian.net");
    props.put("bridge.sites.jcb.tempo-url", "http://api.tempo.io");
    List<String> problems = problems();
    assertThat(problems)
        .anyMatch(p -> p.startsWith("bridge.sites.jca.jira-url = 'http://jca.atlassian.net'"))
        .anyMatch(p -> p.startsWith("bridge.sites.jcb.tempo-url") && p.contains("must use https"));
    props.put("bridge.sites.jca.jira-url", "http://localhost:8089/jira/jca");
    props.put("bridge.sites.jcb.tempo-url", "http://127.0.0.1:8089/tempo/jcb");
    props.put("bridge.sites.jcb.jira-url", "http://[::1]:8089/jira/jcb");
    assertThat(problems()).isEmpty();
    props.put("bridge.sites.jca.jira-url", "http://simulator.internal:8089/jira/jca");
    props.put("bridge.allow-insecure-http", "true");
    assertThat(problems()).isEmpty();
  }

  @Test
  void aJwksFromAFileOrOverHttpIsRefusedOutsideTests() {
    props.put("bridge.admin.oidc.issuer", "https://sso.example.com/realms/ops");
    props.put("bridge.admin.oidc.jwks-url", "file:/etc/jwks.json");
    props.put("bridge.admin.oidc.audience", "worklog-bridge");
    props.put("bridge.admin.oidc.role", "worklog-bridge-admin");
    assertThat(problems()).anyMatch(p -> p.startsWith("bridge.admin.oidc.jwks-url: a file: URL"));
    props.put("bridge.admin.oidc.jwks-url", "http://sso.example.com/certs");
    assertThat(problems())
        .anyMatch(p -> p.startsWith("bridge.admin.oidc.jwks-url") && p.contains("https"));
    props.put("bridge.admin.oidc.jwks-url", "https://sso.example.com/certs");
    assertThat(problems()).isEmpty();
  }

  @Test
  void anOidcProviderNeedsAnAudienceAndARoleOrAnExplicitAny() {
    props.put("bridge.admin.oidc.issuer", "https://sso.example.com/realms/ops");
    props.put("bridge.admin.oidc.jwks-url", "https://sso.example.com/certs");
    assertThat(problems())
        .anyMatch(p -> p.startsWith("bridge.admin.oidc.audience is required"))
        .anyMatch(p -> p.startsWith("bridge.admin.oidc.role is required"));
    props.put("bridge.admin.oidc.audience", "any");
    props.put("bridge.admin.oidc.role", "any");
    assertThat(problems()).isEmpty();
  }

  @Test
  void aProcessNeedsOnlyTheTokensOfTheSitesItServes() {
    props.put("bridge.serve-sites", "jcb");
    props.put("bridge.sites.jca.jira-token.file", "/no/such/file");
    props.put("bridge.sites.jca.tempo-token.env", "NOT_SET_ANYWHERE");
    assertThat(problems()).isEmpty();
    props.put("bridge.serve-sites", "jca");
    assertThat(problems())
        .anyMatch(p -> p.startsWith("bridge.sites.jca.jira-token.file"))
        .anyMatch(p -> p.startsWith("bridge.sites.jca.tempo-token.env"));
  }

  @Test
  void aShortAdminKeyIsRefusedWithoutShowingIt() throws Exception {
    Files.writeString(adminKey, "letmein");
    List<String> problems = problems();
    assertThat(problems).anyMatch(p -> p.startsWith("bridge.admin.api-key is too short"));
    assertThat(String.join("\n", problems)).doesNotContain("letmein");
  }

  @Test
  void aConnectionNamingAnUnknownSiteIsReportedWithItsKey() {
    props.put("bridge.connections.acme.site-b", "jcx");
    assertThat(problems()).anyMatch(p -> p.startsWith("bridge.connections.acme.site-b = 'jcx'"));
  }

  @Test
  void aConnectionNameThatCannotBeATopicIsReported() {
    props.keySet().stream()
        .filter(k -> k.startsWith("bridge.connections.acme"))
        .toList()
        .forEach(k -> props.put(k.replace("acme", "Acme_EU"), props.remove(k)));
    assertThat(problems())
        .anyMatch(p -> p.startsWith("bridge.connections.Acme_EU") && p.contains("topic"));
  }

  @Test
  void aMissingTokenFileOrVariableIsReportedWithoutTheSecret() {
    props.put("bridge.sites.jca.jira-token.file", "/no/such/file");
    props.put("bridge.sites.jcb.tempo-token.env", "NOT_SET_ANYWHERE");
    List<String> problems = problems();
    assertThat(problems)
        .anyMatch(p -> p.startsWith("bridge.sites.jca.jira-token.file = /no/such/file"));
    assertThat(problems)
        .anyMatch(p -> p.startsWith("bridge.sites.jcb.tempo-token.env = NOT_SET_ANYWHERE"));
    assertThat(String.join("\n", problems)).doesNotContain("s3cret-value");
  }

  @Test
  void aSiteWithTempoNeedsATempoToken() {
    props.remove("bridge.sites.jca.tempo-token.env");
    assertThat(problems())
        .contains(
            "bridge.sites.jca.tempo-token.file or bridge.sites.jca.tempo-token.env is required");
  }

  @Test
  void scopeAndPairingMustNameTheConnectionsSites() {
    props.remove("bridge.connections.acme.scope.jcb.projects");
    props.put("bridge.connections.acme.pairing.remote-key-field.jcz", "customfield_1");
    props.put("bridge.connections.acme.pairing.remote-key-field.jca", "Remote key");
    List<String> problems = problems();
    assertThat(problems).anyMatch(p -> p.startsWith("bridge.connections.acme.scope.jcb.projects"));
    assertThat(problems)
        .anyMatch(p -> p.startsWith("bridge.connections.acme.pairing.remote-key-field.jcz"));
    assertThat(problems)
        .anyMatch(p -> p.startsWith("bridge.connections.acme.pairing.remote-key-field.jca must"));
  }

  @Test
  void urlsMustBeHttp() {
    props.put("bridge.sites.jca.tempo-url", "api.tempo.io");
    assertThat(problems())
        .anyMatch(p -> p.startsWith("bridge.sites.jca.tempo-url = 'api.tempo.io'"));
  }

  @Test
  void servedSitesMustExist() {
    props.put("bridge.serve-sites", "jca,jcq");
    assertThat(problems()).contains("bridge.serve-sites: 'jcq' is not a site in bridge.sites");
  }

  @Test
  void aSiteWithoutTempoCanOnlyReceive() {
    props.remove("bridge.sites.jcb.tempo-url");
    props.remove("bridge.sites.jcb.tempo-token.env");
    assertThat(problems())
        .containsExactly(
            "bridge.connections.acme.directions = BOTH: jcb has no Tempo"
                + " (bridge.sites.jcb.tempo-url), so it can only receive; use A_TO_B");
    props.put("bridge.connections.acme.directions", "A_TO_B");
    assertThat(problems()).isEmpty();
  }
}
