package dev.worklogbridge.runtime.site;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.worklogbridge.cloud.WorkAttributeDef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The work attributes each site's Tempo defines, by key, read at most every ten minutes: which keys
 * a target accepts, and what each list value is called (values of STATIC_LIST and ACCOUNT
 * attributes are per-site ids, matched across sites by the text a person sees). None on a site
 * without Tempo.
 */
@ApplicationScoped
public class WorkAttributeCatalog {

  @Inject Sites sites;

  private final Cache<String, Map<String, WorkAttributeDef>> bySite =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(10)).build();

  public Map<String, WorkAttributeDef> of(String site) {
    return bySite.get(
        site,
        s ->
            sites
                .site(s)
                .tempo()
                .map(
                    t ->
                        t.workAttributes().stream()
                            .collect(
                                Collectors.toUnmodifiableMap(
                                    WorkAttributeDef::key, Function.identity(), (a, b) -> a)))
                .orElse(Map.of()));
  }

  /** Forgets what was read, e.g. after an attribute was created on a site. */
  public void forget(String site) {
    bySite.invalidate(site);
  }

  public void forgetAll() {
    bySite.invalidateAll();
  }
}
