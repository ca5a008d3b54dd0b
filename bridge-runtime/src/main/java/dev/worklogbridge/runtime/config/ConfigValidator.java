package dev.worklogbridge.runtime.config;

import dev.worklogbridge.model.Names;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks what SmallRye Config cannot: references between keys, token sources, URLs. Every problem
 * names the key, so that an operator knows what to fix; none ever prints a secret.
 */
public final class ConfigValidator {

  private ConfigValidator() {}

  public static List<String> problems(BridgeConfig config, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    if (config.sites().isEmpty()) {
      problems.add("bridge.sites: no site is configured");
    }
    boolean insecure = config.allowInsecureHttp();
    List<String> servedHere = config.serveSites().orElse(List.copyOf(config.sites().keySet()));
    config
        .sites()
        .forEach(
            (name, site) -> site(problems, name, site, env, insecure, servedHere.contains(name)));
    config.connections().forEach((name, c) -> connection(problems, config, name, c));
    config
        .serveSites()
        .ifPresent(
            served ->
                served.forEach(
                    s -> {
                      if (!config.sites().containsKey(s)) {
                        problems.add(
                            "bridge.serve-sites: '" + s + "' is not a site in bridge.sites");
                      }
                    }));
    config.outbound().publicUrl().ifPresent(u -> url(problems, "bridge.outbound.public-url", u));
    if (config.outbound().pageSize() < 1 || config.outbound().pageSize() > 5000) {
      problems.add("bridge.outbound.page-size must be between 1 and 5000 (Tempo's maximum)");
    }
    secret(problems, "bridge.admin.api-key", config.admin().apiKey(), env, false);
    value(config.admin().apiKey(), env)
        .filter(key -> key.strip().length() < ADMIN_KEY_MIN_LENGTH)
        .ifPresent(
            key ->
                problems.add(
                    "bridge.admin.api-key is too short to be guessed by no one: at least "
                        + ADMIN_KEY_MIN_LENGTH
                        + " characters (e.g. openssl rand -hex 24)"));
    config
        .admin()
        .oidc()
        .ifPresent(
            o -> {
              url(problems, "bridge.admin.oidc.issuer", o.issuer());
              if (o.audience().isEmpty()) {
                problems.add(
                    "bridge.admin.oidc.audience is required: the audience the provider puts in"
                        + " tokens for this API (or 'any', said explicitly)");
              }
              if (o.role().isEmpty()) {
                problems.add(
                    "bridge.admin.oidc.role is required: the group that may administer the"
                        + " bridge (or 'any', said explicitly)");
              }
              if (o.jwksUrl().startsWith("file:")) {
                if (!insecure) {
                  problems.add(
                      "bridge.admin.oidc.jwks-url: a file: URL is for tests only (set"
                          + " bridge.allow-insecure-http=true to allow it)");
                }
              } else {
                secureUrl(problems, "bridge.admin.oidc.jwks-url", o.jwksUrl(), insecure);
              }
            });
    return problems;
  }

  private static void site(
      List<String> problems,
      String name,
      BridgeConfig.Site site,
      Map<String, String> env,
      boolean insecure,
      boolean served) {
    String key = "bridge.sites." + name;
    if (!Names.isValid(name)) {
      problems.add(key + ": the site name must be 1 to 64 lowercase letters, digits and hyphens");
    }
    secureUrl(problems, key + ".jira-url", site.jiraUrl(), insecure);
    if (site.jiraEmail().isEmpty()) {
      problems.add(key + ".jira-email is required (the account whose API token is used)");
    }
    // A process holds only the tokens of the sites it serves; another site's may be absent (the
    // inbound side may hold the source's Jira token for pairing by the source's remote-key field).
    if (served) {
      secret(problems, key + ".jira-token", site.jiraToken(), env, true);
    }
    site.tempoUrl()
        .ifPresent(
            u -> {
              secureUrl(problems, key + ".tempo-url", u, insecure);
              if (served) {
                secret(problems, key + ".tempo-token", site.tempoToken(), env, true);
              }
            });
    if (site.tempoRequestsPerSecond() <= 0 || site.tempoRequestsPerSecond() > 100) {
      problems.add(key + ".tempo-requests-per-second must be above 0 and at most 100");
    }
    if (site.tempoTurnMargin().isNegative() || site.tempoTurnMargin().toMillis() > 1000) {
      problems.add(key + ".tempo-turn-margin must be between 0 and 1s");
    }
    if (site.jiraRequestsPerSecond() <= 0 || site.jiraRequestsPerSecond() > 100) {
      problems.add(key + ".jira-requests-per-second must be above 0 and at most 100");
    }
    if (site.maxAttempts() < 1 || site.maxAttempts() > 20) {
      problems.add(key + ".max-attempts must be between 1 and 20");
    }
  }

  private static void connection(
      List<String> problems, BridgeConfig config, String name, BridgeConfig.Connection c) {
    String key = "bridge.connections." + name;
    if (!Names.isValid(name)) {
      problems.add(
          key
              + ": the connection name must be 1 to 64 lowercase letters, digits and hyphens"
              + " (it becomes the Kafka topic worklog-replica."
              + name
              + ")");
    }
    for (String side : List.of("site-a", "site-b")) {
      String site = side.equals("site-a") ? c.siteA() : c.siteB();
      if (!config.sites().containsKey(site)) {
        problems.add(key + "." + side + " = '" + site + "' is not a site in bridge.sites");
      }
    }
    if (c.siteA().equals(c.siteB())) {
      problems.add(key + ": site-a and site-b must differ");
    }
    for (String side : List.of("site-a", "site-b")) {
      String site = side.equals("site-a") ? c.siteA() : c.siteB();
      BridgeConfig.Site s = config.sites().get(site);
      boolean flowsFrom =
          switch (c.directions()) {
            case BOTH -> true;
            case A_TO_B -> side.equals("site-a");
            case B_TO_A -> side.equals("site-b");
          };
      if (s != null && s.tempoUrl().isEmpty() && flowsFrom) {
        problems.add(
            key
                + ".directions = "
                + c.directions()
                + ": "
                + site
                + " has no Tempo (bridge.sites."
                + site
                + ".tempo-url), so it can only receive; use "
                + (side.equals("site-a") ? "B_TO_A" : "A_TO_B"));
      }
    }
    List<String> sites = List.of(c.siteA(), c.siteB());
    c.scope()
        .forEach(
            (site, scope) -> {
              if (!sites.contains(site)) {
                problems.add(
                    key + ".scope." + site + ": '" + site + "' is not a site of this connection");
              }
              if (scope.projects().map(List::isEmpty).orElse(true) && scope.jql().isEmpty()) {
                problems.add(key + ".scope." + site + " needs projects or jql");
              }
            });
    for (String site : sites) {
      if (!c.scope().containsKey(site)) {
        problems.add(
            key
                + ".scope."
                + site
                + ".projects (or .jql) is required: which issues of "
                + site
                + " to sync");
      }
    }
    c.authors()
        .fallbackAccount()
        .keySet()
        .forEach(
            site -> {
              if (!sites.contains(site)) {
                problems.add(
                    key
                        + ".authors.fallback-account."
                        + site
                        + ": '"
                        + site
                        + "' is not a site of this connection");
              }
            });
    c.pairing()
        .remoteKeyField()
        .forEach(
            (site, field) -> {
              if (!sites.contains(site)) {
                problems.add(
                    key
                        + ".pairing.remote-key-field."
                        + site
                        + ": '"
                        + site
                        + "' is not a site of this connection");
              }
              if (!field.matches("customfield_\\d+")) {
                problems.add(
                    key
                        + ".pairing.remote-key-field."
                        + site
                        + " must look like customfield_10050");
              }
            });
    if (c.partitions() < 1 || c.partitions() > 1000) {
      problems.add(key + ".partitions must be between 1 and 1000");
    }
    String template = c.authors().fallbackTemplate();
    if (!template.contains("{description}")) {
      problems.add(key + ".authors.fallback-template must contain {description}");
    }
  }

  /** The shortest admin API key accepted (it opens token replacement and every worklog). */
  public static final int ADMIN_KEY_MIN_LENGTH = 24;

  /** A secret's value where it can be read now (its length is checked, never shown). */
  private static java.util.Optional<String> value(
      BridgeConfig.Secret secret, Map<String, String> env) {
    try {
      if (secret.file().isPresent()) {
        Path p = Path.of(secret.file().get());
        return Files.isReadable(p)
            ? java.util.Optional.of(Files.readString(p))
            : java.util.Optional.empty();
      }
      return secret.env().map(env::get);
    } catch (java.io.IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  private static void secret(
      List<String> problems,
      String key,
      BridgeConfig.Secret secret,
      Map<String, String> env,
      boolean required) {
    if (secret.file().isPresent() && secret.env().isPresent()) {
      problems.add(key + ": set either .file or .env, not both");
      return;
    }
    if (secret.file().isPresent()) {
      Path p = Path.of(secret.file().get());
      if (!Files.isReadable(p)) {
        problems.add(key + ".file = " + p + ": the file does not exist or cannot be read");
      }
    } else if (secret.env().isPresent()) {
      String value = env.get(secret.env().get());
      if (value == null || value.isBlank()) {
        problems.add(
            key + ".env = " + secret.env().get() + ": that environment variable is not set");
      }
    } else if (required) {
      problems.add(key + ".file or " + key + ".env is required");
    }
  }

  /**
   * An http(s) URL that a token is sent to: https, except on the loopback (a simulator, a local
   * proxy) or where {@code bridge.allow-insecure-http} says so.
   */
  private static void secureUrl(List<String> problems, String key, String value, boolean insecure) {
    int before = problems.size();
    url(problems, key, value);
    if (problems.size() > before || insecure) {
      return;
    }
    URI uri = URI.create(value);
    if (!"https".equals(uri.getScheme()) && !loopback(uri.getHost())) {
      problems.add(
          key
              + " = '"
              + value
              + "' must use https (a token is sent there); http is accepted only on the loopback"
              + " or with bridge.allow-insecure-http=true (tests)");
    }
  }

  static boolean loopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }

  private static void url(List<String> problems, String key, String value) {
    try {
      URI uri = URI.create(value);
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())
          || uri.getHost() == null) {
        problems.add(key + " = '" + value + "' is not an http(s) URL");
      }
    } catch (IllegalArgumentException e) {
      problems.add(key + " = '" + value + "' is not a URL");
    }
  }
}
