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
    props.put("bridge.admin.api-key.file", token.toString());
  }

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
