package dev.worklogbridge.simulator.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.worklogbridge.simulator.gateway.SiteLimits;
import dev.worklogbridge.simulator.gateway.SiteRegistry;
import dev.worklogbridge.simulator.model.SimFields;
import dev.worklogbridge.simulator.model.SimSite;
import dev.worklogbridge.simulator.model.SimUser;
import dev.worklogbridge.simulator.model.TempoToken;
import dev.worklogbridge.simulator.model.WorkAttribute;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates sites from a seed: at start-up from {@code simulator.seed-file}, or through {@code
 * /_sim/seed}.
 */
@ApplicationScoped
public class Seeder {

  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

  @Inject SiteRegistry registry;

  @ConfigProperty(name = "simulator.seed-file")
  Optional<String> seedFile;

  void onStart(@Observes StartupEvent event) throws IOException {
    if (seedFile.isPresent() && !seedFile.get().isBlank()) {
      Path path = Path.of(seedFile.get());
      Seed seed = JSON.readValue(Files.readAllBytes(path), Seed.class);
      apply(seed);
      Log.infof("simulator: seeded %d site(s) from %s", seed.sites().size(), path);
    }
  }

  public List<String> apply(Seed seed) {
    return seed.sites().stream().map(this::apply).toList();
  }

  private String apply(Seed.SiteSeed s) {
    SimSite site =
        registry.site(s.name()) != null ? registry.site(s.name()) : registry.create(s.name());
    for (Seed.UserSeed u : list(s.users())) {
      site.directory()
          .putUser(
              new SimUser(
                  u.accountId(),
                  or(u.accountType(), "atlassian"),
                  or(u.displayName(), u.accountId()),
                  u.email(),
                  Boolean.TRUE.equals(u.emailVisible()),
                  or(u.timeZone(), "UTC"),
                  !Boolean.FALSE.equals(u.active())));
    }
    for (Seed.ProjectSeed p : list(s.projects())) {
      site.directory().putProject(p.key(), or(p.name(), p.key()), p.id());
    }
    for (Seed.FieldSeed f : list(s.customFields())) {
      site.customFields.declare(f.id(), f.name(), SimFields.Type.parse(f.type()));
    }
    for (Seed.IssueSeed i : list(s.issues())) {
      site.directory().addIssue(i.key(), i.id(), i.summary(), i.fields());
    }
    for (Seed.AttributeSeed a : list(s.workAttributes())) {
      site.tempoSetup()
          .addAttribute(
              new WorkAttribute(
                  a.key(),
                  or(a.name(), a.key()),
                  or(a.type(), "INPUT_FIELD"),
                  Boolean.TRUE.equals(a.required()),
                  a.values() == null ? List.of() : a.values(),
                  a.names()));
    }
    for (Seed.TokenSeed t : list(s.tempoTokens())) {
      registry.putTempoToken(token(site.name, t));
    }
    for (Seed.JiraCredentialSeed c : list(s.jiraCredentials())) {
      site.directory().putJiraCredential(c.email(), c.apiToken(), c.accountId());
    }
    if (s.limits() != null) {
      registry.setLimits(site.name, limits(s.limits()));
    }
    return site.name;
  }

  static TempoToken token(String site, Seed.TokenSeed t) {
    return new TempoToken(
        t.token(),
        or(t.label(), site + "-token"),
        site,
        or(t.scope(), "MANAGE"),
        t.expiresAt(),
        false,
        or(t.accountId(), "integration-" + site),
        Boolean.TRUE.equals(t.canBypassPeriods()));
  }

  static SiteLimits limits(Seed.LimitsSeed l) {
    return new SiteLimits(
        l.tempoRequestsPerSecond() == null
            ? SiteLimits.DEFAULT.tempoRequestsPerSecond()
            : l.tempoRequestsPerSecond(),
        l.jiraRequestsPerSecond() == null
            ? SiteLimits.DEFAULT.jiraRequestsPerSecond()
            : l.jiraRequestsPerSecond(),
        l.retryAfterSeconds());
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static String or(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
