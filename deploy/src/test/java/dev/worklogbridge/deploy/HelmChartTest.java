package dev.worklogbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.worklogbridge.model.Topics;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders the chart for each example tenant, offline, and checks what Kubernetes would get: labels,
 * probes and security settings, no secret values, and the same topic and group names in the
 * KafkaTopic, the KafkaUser's ACLs, the ScaledObject and the services' configuration.
 */
class HelmChartTest {

  static final Path CHART = Path.of("helm/worklog-bridge");
  static final YAMLMapper YAML = new YAMLMapper();

  @TempDir Path tmp;

  /**
   * The chart with the example's values as its values.yaml, as a tenant's release would have them.
   */
  private Path chartFor(String example) throws IOException {
    Path copy = tmp.resolve("worklog-bridge");
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path p : files.toList()) {
        Path target = copy.resolve(CHART.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Path values = Path.of("examples", example + "-values.yaml");
    // Defaults first, then the tenant's values on top, as helm install -f does.
    Files.copy(values, copy.resolve("tenant-values.yaml"), StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }

  private List<JsonNode> render(String example) throws IOException {
    Path chart = chartFor(example);
    String out =
        new Helm(chart)
            .template()
            .withName("wb-" + example)
            .withNamespace("bridges")
            .withValuesFile(chart.resolve("tenant-values.yaml"))
            .call();
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(out)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && doc.has("kind")) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  private static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"acme", "globex"})
  void helmLintInStrictModePasses(String example) throws IOException {
    Path chart = chartFor(example);
    // Lint reads values.yaml only: give it the defaults with the tenant's values merged in.
    ObjectNode merged = (ObjectNode) YAML.readTree(chart.resolve("values.yaml").toFile());
    merge(merged, YAML.readTree(chart.resolve("tenant-values.yaml").toFile()));
    YAML.writeValue(chart.resolve("values.yaml").toFile(), merged);
    LintResult lint = new Helm(chart).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  /** Helm's merge: maps merge key by key, everything else is replaced. */
  static void merge(com.fasterxml.jackson.databind.node.ObjectNode into, JsonNode from) {
    from.fields()
        .forEachRemaining(
            e -> {
              JsonNode existing = into.get(e.getKey());
              if (existing != null && existing.isObject() && e.getValue().isObject()) {
                merge((com.fasterxml.jackson.databind.node.ObjectNode) existing, e.getValue());
              } else {
                into.set(e.getKey(), e.getValue());
              }
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"acme", "globex"})
  void everyResourceCarriesTheRecommendedLabels(String example) throws IOException {
    List<JsonNode> docs = render(example);
    assertThat(docs).isNotEmpty();
    for (JsonNode d : docs) {
      JsonNode labels = d.path("metadata").path("labels");
      assertThat(labels.path("app.kubernetes.io/name").asText())
          .as(d.path("kind") + " name")
          .isEqualTo("worklog-bridge");
      assertThat(labels.path("app.kubernetes.io/instance").asText()).isEqualTo("wb-" + example);
      assertThat(labels.path("app.kubernetes.io/version").asText()).isNotBlank();
      assertThat(labels.path("app.kubernetes.io/managed-by").asText()).isEqualTo("Helm");
      assertThat(labels.path("app.kubernetes.io/part-of").asText()).isEqualTo("worklog-bridge");
      assertThat(labels.has("app.kubernetes.io/component"))
          .as(d.path("kind") + " component")
          .isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"acme", "globex"})
  void deploymentsHaveProbesAndLockedDownSecurity(String example) throws IOException {
    List<JsonNode> deployments = ofKind(render(example), "Deployment");
    assertThat(deployments).isNotEmpty();
    for (JsonNode d : deployments) {
      JsonNode pod = d.at("/spec/template/spec");
      assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
      JsonNode c = pod.path("containers").get(0);
      assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
      assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
      assertThat(c.at("/livenessProbe/httpGet/port").asText()).isEqualTo("management");
      assertThat(c.at("/readinessProbe/httpGet/port").asText()).isEqualTo("management");
      assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
      assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
      assertThat(c.at("/securityContext/capabilities/drop").toString()).contains("ALL");
      assertThat(c.at("/resources/requests/memory").asText()).isNotBlank();
    }
    assertThat(ofKind(render(example), "NetworkPolicy")).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"acme", "globex"})
  void noSecretValueIsRendered(String example) throws IOException {
    List<JsonNode> docs = render(example);
    assertThat(ofKind(docs, "Secret")).isEmpty();
    for (JsonNode d : ofKind(docs, "Deployment")) {
      for (JsonNode env : d.at("/spec/template/spec/containers/0/env")) {
        String name = env.path("name").asText();
        if (name.matches(".*(TOKEN|PASSWORD|KEY|JAAS).*")) {
          assertThat(env.has("value")).as(name + " must come from a Secret").isFalse();
          assertThat(env.at("/valueFrom/secretKeyRef/name").asText()).as(name).isNotBlank();
        }
      }
    }
    String config = ofKind(docs, "ConfigMap").get(0).at("/data/application.properties").asText();
    assertThat(config)
        .doesNotContainPattern("(?m)^[^#]*token\\s*=")
        .doesNotContainPattern("(?m)password\\s*=");
  }

  @ParameterizedTest
  @ValueSource(strings = {"acme", "globex"})
  void topicAndGroupNamesAgreeAcrossKafkaKedaAndTheServices(String example) throws IOException {
    List<JsonNode> docs = render(example);
    Properties config = new Properties();
    config.load(
        new StringReader(
            ofKind(docs, "ConfigMap").get(0).at("/data/application.properties").asText()));
    String connection =
        config.stringPropertyNames().stream()
            .filter(k -> k.matches("bridge\\.connections\\.[^.]+\\.site-a"))
            .map(k -> k.split("\\.")[2])
            .findFirst()
            .orElseThrow();
    String topic = Topics.replica(connection);
    String partitions = config.getProperty("bridge.connections." + connection + ".partitions");
    List<JsonNode> topics = ofKind(docs, "KafkaTopic");
    assertThat(topics)
        .extracting(t -> t.at("/spec/topicName").asText())
        .containsExactlyInAnyOrder(topic, Topics.deadLetter(connection));
    assertThat(topics)
        .allSatisfy(
            t -> {
              assertThat(t.at("/spec/partitions").asText()).isEqualTo(partitions);
              assertThat(t.at("/spec/config/cleanup.policy").asText()).isEqualTo("compact,delete");
              assertThat(t.at("/apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
            });
    java.util.Map<String, List<String>> aclsByUser = new java.util.TreeMap<>();
    for (JsonNode user : ofKind(docs, "KafkaUser")) {
      List<String> acls = new ArrayList<>();
      user.at("/spec/authorization/acls")
          .forEach(
              a ->
                  acls.add(
                      a.at("/resource/type").asText()
                          + ":"
                          + a.at("/resource/name").asText()
                          + ":"
                          + a.at("/resource/patternType").asText()
                          + ":"
                          + a.at("/operations").toString().replace("\"", "")));
      aclsByUser.put(user.at("/metadata/name").asText(), acls);
    }
    List<String> inboundSites =
        ofKind(docs, "Deployment").stream()
            .filter(
                d ->
                    d.at("/metadata/labels/app.kubernetes.io~1component")
                        .asText()
                        .equals("inbound"))
            .flatMap(
                d ->
                    List.of(
                        d.at("/spec/template/spec/containers/0/env/0/value").asText().split(","))
                        .stream())
            .map(site -> Topics.inboundGroup(connection, site))
            .toList();
    assertThat(inboundSites).isNotEmpty();
    List<String> expectedInbound = new ArrayList<>();
    expectedInbound.add("topic:" + topic + ":literal:[Describe,Read]");
    expectedInbound.add(
        "topic:" + Topics.deadLetter(connection) + ":literal:[Describe,Read,Write]");
    inboundSites.forEach(g -> expectedInbound.add("group:" + g + ":literal:[Describe,Read]"));
    assertThat(aclsByUser)
        .containsOnlyKeys(
            "worklog-bridge-" + connection + "-outbound",
            "worklog-bridge-" + connection + "-inbound");
    assertThat(aclsByUser.get("worklog-bridge-" + connection + "-outbound"))
        .containsExactly("topic:" + topic + ":literal:[Describe,Write]");
    assertThat(aclsByUser.get("worklog-bridge-" + connection + "-inbound"))
        .containsExactlyInAnyOrderElementsOf(expectedInbound)
        .noneMatch(a -> a.contains(":prefix:"));
    for (JsonNode so : ofKind(docs, "ScaledObject")) {
      for (JsonNode trigger : so.at("/spec/triggers")) {
        assertThat(trigger.at("/metadata/topic").asText()).isEqualTo(topic);
        String group = trigger.at("/metadata/consumerGroup").asText();
        String site = group.substring(("inbound-" + connection + "-").length());
        assertThat(group).isEqualTo(Topics.inboundGroup(connection, site));
        assertThat(config.getProperty("bridge.sites." + site + ".jira-url")).isNotNull();
      }
      int max = so.at("/spec/maxReplicaCount").asInt();
      assertThat(max).isLessThanOrEqualTo(Integer.parseInt(partitions));
    }
    assertThat(config.getProperty("kafka.bootstrap.servers")).isNotBlank();
    assertThat(config.getProperty("bridge.kafka.create-topics")).isEqualTo("false");
  }

  /** The names of the token variables a Deployment receives. */
  private static List<String> tokens(JsonNode deployment) {
    List<String> out = new ArrayList<>();
    for (JsonNode env : deployment.at("/spec/template/spec/containers/0/env")) {
      if (env.path("name").asText().startsWith("WB_TOKEN_")) {
        out.add(env.path("name").asText());
      }
    }
    return out;
  }

  private static JsonNode named(List<JsonNode> docs, String name) {
    return docs.stream()
        .filter(d -> name.equals(d.at("/metadata/name").asText()))
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"acme", "globex"})
  void onlyTheInboundsHoldTheConsolesSessionKeyAndOnlyWhenTheValuesNameIt(String example)
      throws IOException {
    for (JsonNode d : ofKind(render(example), "Deployment")) {
      String role = d.at("/metadata/labels/app.kubernetes.io~1component").asText();
      List<String> sessionKeys = new ArrayList<>();
      for (JsonNode env : d.at("/spec/template/spec/containers/0/env")) {
        if (env.path("name").asText().equals("QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY")) {
          sessionKeys.add(env.at("/valueFrom/secretKeyRef/name").asText());
        }
      }
      boolean expected = example.equals("acme") && role.equals("inbound");
      assertThat(sessionKeys)
          .as(d.at("/metadata/name").asText())
          .isEqualTo(expected ? List.of("acme-console-session") : List.of());
    }
  }

  @Test
  void eachDeploymentHoldsOnlyTheTokensAndKafkaUserItUses() throws IOException {
    List<JsonNode> acme = ofKind(render("acme"), "Deployment");
    assertThat(tokens(named(acme, "wb-acme-outbound-customer")))
        .containsExactlyInAnyOrder("WB_TOKEN_CUSTOMER_JIRA", "WB_TOKEN_CUSTOMER_TEMPO");
    assertThat(tokens(named(acme, "wb-acme-outbound-vendor")))
        .containsExactlyInAnyOrder("WB_TOKEN_VENDOR_JIRA", "WB_TOKEN_VENDOR_TEMPO");
    // Pairing reads the vendor's remote-key field: writing to the customer needs the vendor's Jira.
    assertThat(tokens(named(acme, "wb-acme-inbound-customer")))
        .containsExactlyInAnyOrder(
            "WB_TOKEN_CUSTOMER_JIRA", "WB_TOKEN_CUSTOMER_TEMPO", "WB_TOKEN_VENDOR_JIRA");
    assertThat(tokens(named(acme, "wb-acme-inbound-vendor")))
        .containsExactlyInAnyOrder("WB_TOKEN_VENDOR_JIRA", "WB_TOKEN_VENDOR_TEMPO");
    for (JsonNode d : acme) {
      String role = d.at("/metadata/labels/app.kubernetes.io~1component").asText();
      for (JsonNode env : d.at("/spec/template/spec/containers/0/env")) {
        if (env.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")) {
          assertThat(env.at("/valueFrom/secretKeyRef/name").asText())
              .isEqualTo("worklog-bridge-acme-" + role);
        }
      }
    }
  }

  /** The ingress rule letting a release's inbound pods (its console) call the public port. */
  private static String inboundsToPublicPort(String release) {
    return "8080 [{\"podSelector\":{\"matchLabels\":{\"app.kubernetes.io/name\":\"worklog-bridge\","
        + "\"app.kubernetes.io/instance\":\""
        + release
        + "\",\"app.kubernetes.io/component\":\"inbound\"}}}]";
  }

  @Test
  void theInboundsConsoleKnowsEveryOutboundOfTheRelease() throws IOException {
    JsonNode config = ofKind(render("acme"), "ConfigMap").get(0);
    assertThat(config.at("/data/application.properties").asText())
        .contains(
            "bridge.inbound.console-outbounds.outbound-customer=http://wb-acme-outbound-customer:8080",
            "bridge.inbound.console-outbounds.outbound-vendor=http://wb-acme-outbound-vendor:8080");
  }

  @Test
  void onlyWhatTheValuesNameMayReachThePortsAndMetricsAreOnTheManagementPort() throws IOException {
    JsonNode acme = ofKind(render("acme"), "NetworkPolicy").get(0);
    List<String> rules = new ArrayList<>();
    acme.at("/spec/ingress")
        .forEach(r -> rules.add(r.at("/ports/0/port").asText() + " " + r.path("from").toString()));
    assertThat(rules)
        .containsExactlyInAnyOrder(
            "8080 [{\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"ingress-nginx\"}}}]",
            "9000 [{\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"monitoring\"}}}]",
            inboundsToPublicPort("wb-acme"));
    // globex names nobody for the public port: only its own inbound's console calls reach it.
    JsonNode globex = ofKind(render("globex"), "NetworkPolicy").get(0);
    List<String> globexRules = new ArrayList<>();
    globex
        .at("/spec/ingress")
        .forEach(
            r -> globexRules.add(r.at("/ports/0/port").asText() + " " + r.path("from").toString()));
    assertThat(globexRules)
        .containsExactlyInAnyOrder(
            "9000 [{\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"monitoring\"}}}]",
            inboundsToPublicPort("wb-globex"));
    // And the inbounds may call the outbounds' public port, nothing else of theirs.
    assertThat(acme.at("/spec/egress").toString())
        .contains(
            "{\"to\":[{\"podSelector\":{\"matchLabels\":{\"app.kubernetes.io/name\":\"worklog-bridge\","
                + "\"app.kubernetes.io/instance\":\"wb-acme\",\"app.kubernetes.io/component\":\"outbound\"}}}],"
                + "\"ports\":[{\"port\":8080,\"protocol\":\"TCP\"}]}");
    JsonNode monitor = ofKind(render("acme"), "ServiceMonitor").get(0);
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("management");
  }

  @Test
  void kedaCapsInboundReplicasByPartitionsNotByTempo() throws IOException {
    // The replicas share their token's one budget (in the database), so Tempo's limit no longer
    // caps them: acme's maxReplicas 4 on 4 partitions.
    JsonNode acme = ofKind(render("acme"), "ScaledObject").get(0);
    assertThat(acme.at("/spec/maxReplicaCount").asInt()).isEqualTo(4);
  }

  @Test
  void perSiteModeMakesADeploymentPerSiteAndRoleAndCombinedOneEach() throws IOException {
    assertThat(ofKind(render("acme"), "Deployment"))
        .extracting(d -> d.at("/metadata/name").asText())
        .containsExactlyInAnyOrder(
            "wb-acme-outbound-customer",
            "wb-acme-inbound-customer",
            "wb-acme-outbound-vendor",
            "wb-acme-inbound-vendor");
    List<JsonNode> globex = ofKind(render("globex"), "Deployment");
    assertThat(globex)
        .extracting(d -> d.at("/metadata/name").asText())
        .containsExactlyInAnyOrder("wb-globex-outbound", "wb-globex-inbound");
    // A_TO_B: the outbound watches globex-ops only, the inbound writes to globex-dev only.
    assertThat(globex)
        .extracting(d -> d.at("/spec/template/spec/containers/0/env/0/value").asText())
        .containsExactlyInAnyOrder("globex-ops", "globex-dev");
    assertThat(ofKind(render("globex"), "Job")).hasSize(1);
  }

  @Test
  void tracesAreExportedOnlyWhereAnEndpointIsGivenAndThePolicyLetsThemReachIt() throws IOException {
    for (JsonNode d : ofKind(render("globex"), "Deployment")) {
      assertThat(d.at("/spec/template/spec/containers/0/env"))
          .anySatisfy(
              env -> {
                assertThat(env.path("name").asText())
                    .isEqualTo("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
                assertThat(env.path("value").asText())
                    .isEqualTo("http://otel-collector.observability.svc:4317");
              });
    }
    JsonNode egress = ofKind(render("globex"), "NetworkPolicy").get(0).at("/spec/egress");
    assertThat(egress)
        .anySatisfy(
            rule -> {
              assertThat(rule.at("/ports/0/port").asInt()).isEqualTo(4317);
              assertThat(
                      rule.at("/to/0/namespaceSelector/matchLabels")
                          .path("kubernetes.io/metadata.name")
                          .asText())
                  .isEqualTo("observability");
            });
    for (JsonNode d : ofKind(render("acme"), "Deployment")) {
      assertThat(d.at("/spec/template/spec/containers/0/env"))
          .noneSatisfy(env -> assertThat(env.path("name").asText()).startsWith("QUARKUS_OTEL_"));
    }
    assertThat(ofKind(render("acme"), "NetworkPolicy").get(0).at("/spec/egress"))
        .noneSatisfy(rule -> assertThat(rule.at("/ports/0/port").asInt()).isEqualTo(4317));
  }

  @Test
  void oidcForTheAdminApiIsConfiguredOnlyWhenAskedFor() throws IOException {
    String globex =
        ofKind(render("globex"), "ConfigMap").get(0).at("/data/application.properties").asText();
    assertThat(globex)
        .contains("bridge.admin.oidc.issuer=https://sso.globex.example/realms/ops\n")
        .contains(
            "bridge.admin.oidc.jwks-url=https://sso.globex.example/realms/ops/protocol/openid-connect/certs")
        .contains("bridge.admin.oidc.audience=worklog-bridge")
        .contains("bridge.admin.oidc.role=worklog-bridge-admin");
    String acme =
        ofKind(render("acme"), "ConfigMap").get(0).at("/data/application.properties").asText();
    assertThat(acme).doesNotContain("bridge.admin.oidc");
  }

  @Test
  void aWrongValuesFileIsRejectedByTheSchema() throws IOException {
    Path chart = chartFor("acme");
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        connection:
          name: Acme_Corp
        sites:
          customer:
            tempoToken: s3cret
        mode: sideways
        admin:
          oidc:
            issuer: https://sso.example.com/realms/ops
        """);
    assertThatThrownBy(
            () ->
                new Helm(chart)
                    .template()
                    .withName("wb-bad")
                    .withValuesFile(chart.resolve("tenant-values.yaml"))
                    .withValuesFile(bad)
                    .call())
        .hasMessageContaining("values don't meet the specifications of the schema")
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .contains("name")
                    .contains("mode")
                    .contains("tempoToken")
                    .contains("jwksUrl"));
  }
}
