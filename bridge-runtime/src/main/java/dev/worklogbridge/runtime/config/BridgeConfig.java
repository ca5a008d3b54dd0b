package dev.worklogbridge.runtime.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole {@code bridge.*} configuration, shared by both services (each reads its own section).
 * Every key is listed with its default in docs/configuration.md. Cross-references (a connection
 * naming a site that does not exist, a token file that is missing...) are checked at start-up by
 * {@link ConfigValidator}, which names the offending key.
 */
@ConfigMapping(prefix = "bridge")
public interface BridgeConfig {

  /**
   * Sites this process serves: outbound watches them, inbound writes to them. Default: all sites.
   */
  Optional<List<String>> serveSites();

  /** The Jira Cloud sites (with their Tempo), by name. */
  Map<String, Site> sites();

  /** The connections (tenants), by name: a pair of sites and the rules between them. */
  Map<String, Connection> connections();

  Outbound outbound();

  Inbound inbound();

  Admin admin();

  Kafka kafka();

  Retention retention();

  /** How long the bridge keeps what it no longer needs (pruned hourly by every process). */
  interface Retention {
    /** Lineage history entries (besides the newest 50 per lineage and site, always kept). */
    @WithDefault("P90D")
    Duration history();

    /**
     * Tombstones of deleted lineages. Must exceed the replica topic's retention: a replay could
     * otherwise bring a deleted lineage's create back and write it again.
     */
    @WithDefault("P60D")
    Duration tombstones();
  }

  /**
   * How long this process's Tempo calls wait for a turn nobody else wants before they queue with
   * everyone's: the outbound (whose polls can wait) yields this long to the inbound's writes on a
   * token they share, so a backfill's writer is not slowed by the watcher paging through the
   * writer's own echoes. 0 never yields (the inbound).
   */
  @WithDefault("PT0S")
  Duration tempoYieldsFor();

  /** How often rejected tokens are tried again (a working one resumes the paused work). */
  @WithDefault("PT5S")
  Duration tokenProbeInterval();

  /**
   * Accept {@code http://} Jira, Tempo and JWKS URLs on hosts other than the loopback, and {@code
   * file:} JWKS. Tokens would travel in clear text: for tests only, never in production.
   */
  @WithDefault("false")
  boolean allowInsecureHttp();

  /** Topics. */
  interface Kafka {
    /** Create missing connection topics at start-up (on Kubernetes, Strimzi creates them). */
    @WithDefault("true")
    boolean createTopics();

    /** Replication factor of topics this service creates. */
    @WithDefault("1")
    int replicationFactor();
  }

  /** One Jira Cloud site and its Tempo. */
  interface Site {
    /** Jira base URL, e.g. {@code https://acme.atlassian.net}. */
    String jiraUrl();

    /** Email of the Jira account whose API token is used (Basic auth). */
    Optional<String> jiraEmail();

    /** The Jira API token, read from a file or an environment variable (never from here). */
    Secret jiraToken();

    /**
     * Tempo base URL, e.g. {@code https://api.tempo.io} or a regional host; absent: Jira-only site.
     */
    Optional<String> tempoUrl();

    /** The Tempo API token (needs Worklogs: Manage for an inbound target). */
    Secret tempoToken();

    /**
     * The token's whole budget: Tempo's gateway allows 5 requests per second per token, and every
     * process and pod using the token shares this one budget (through the database).
     */
    @WithDefault("5")
    double tempoRequestsPerSecond();

    /**
     * How much later than its turn a request may reach Tempo with every second still holding at
     * most {@code tempo-requests-per-second}: any {@code rate + 1} turns span at least {@code rate
     * x (1 s + margin) / rate}. A loaded host delayed a request between its turn and its arrival by
     * up to 163 ms in the drills (seven processes on two cores); a smaller margin gives more
     * throughput and risks a 429.
     */
    @WithDefault("PT0.15S")
    Duration tempoTurnMargin();

    @WithDefault("10")
    double jiraRequestsPerSecond();

    /** Per-request timeout. */
    @WithDefault("PT30S")
    Duration requestTimeout();

    /** Attempts per call before a retryable failure parks the event (or fails the poll). */
    @WithDefault("6")
    int maxAttempts();

    /**
     * The circuit breaker of each of the site's APIs: when at least four in five of the last this
     * many attempts found the API down (no answer, a timeout, a 5xx, a 408), calls stop for {@link
     * #circuitOpenFor()} and the events needing them park at once. A 20 % error rate never opens
     * it.
     */
    @WithDefault("20")
    int circuitWindow();

    /** How long an open circuit stops calls before one attempt probes the site again. */
    @WithDefault("PT30S")
    Duration circuitOpenFor();
  }

  /**
   * Where a secret comes from: a mounted file (re-read when it changes) or an environment variable.
   */
  interface Secret {
    Optional<String> file();

    Optional<String> env();
  }

  /** A connection: two sites and the rules between them. */
  interface Connection {
    String siteA();

    String siteB();

    /** BOTH, A_TO_B or B_TO_A. */
    @WithDefault("BOTH")
    Direction directions();

    /** Per site: which issues are in scope (project keys and/or JQL). */
    Map<String, Scope> scope();

    Pairing pairing();

    Authors authors();

    /**
     * MIRROR deletes replicas when the origin is deleted; KEEP leaves them (and stops syncing
     * them).
     */
    @WithDefault("MIRROR")
    DeletePolicy deletePolicy();

    /** Copy the remaining estimate along with the worklog. */
    @WithDefault("false")
    boolean syncRemainingEstimate();

    /** Per attribute key, source value to target value (e.g. Tempo account keys that differ). */
    Map<String, Map<String, String>> attributeValues();

    /** Partitions of the connection's topic (its parallelism). */
    @WithDefault("4")
    int partitions();
  }

  /** Issues in scope on one site. */
  interface Scope {
    Optional<List<String>> projects();

    Optional<String> jql();
  }

  /** How an issue on one site finds its pair on the other. */
  interface Pairing {
    /**
     * Per target site: the custom field (e.g. {@code customfield_10050}) holding the remote issue
     * key.
     */
    Map<String, String> remoteKeyField();

    /** Both sites use the same issue keys. */
    @WithDefault("false")
    boolean sharedKeys();

    /** How long a negative answer (no pair yet) is believed before asking Jira again. */
    @WithDefault("PT30S")
    Duration unpairedCacheTime();
  }

  /** Who logs on the target when the author does not exist there. */
  interface Authors {
    /** Per target site: the account that carries worklogs of authors it cannot match. */
    Map<String, String> fallbackAccount();

    /**
     * Written into the description of a fallback worklog; {displayName}, {accountId}, {email},
     * {site}, {description}.
     */
    @WithDefault("[{displayName} on {site}] {description}")
    String fallbackTemplate();

    /** Match authors by email where the target shows emails. */
    @WithDefault("true")
    boolean matchEmail();

    /** How long an author decision is trusted before it is made again. */
    @WithDefault("PT10M")
    Duration decisionCacheTime();
  }

  /** The outbound service. */
  interface Outbound {
    @WithDefault("true")
    boolean enabled();

    /** How often each site is polled for changes (the backstop behind webhooks). */
    @WithDefault("PT30S")
    Duration pollInterval();

    /** How far back each poll re-reads, so that nothing updated around a poll is missed. */
    @WithDefault("PT2M")
    Duration pollOverlap();

    /**
     * How far back the poll a webhook triggers re-reads: it looks for the news the webhook
     * announced; the periodic poll re-reads the whole {@link #pollOverlap()}.
     */
    @WithDefault("PT10S")
    Duration webhookPollOverlap();

    /**
     * Where polling starts for a site seen for the first time (history is what backfill is for).
     */
    @WithDefault("PT0S")
    Duration initialLookback();

    /** How often the papertrail of deletions is read. */
    @WithDefault("PT60S")
    Duration deletionPollInterval();

    /** Public base URL of this service; when set, Tempo webhooks are registered to it. */
    Optional<String> publicUrl();

    /**
     * How soon after registering (or reactivating) a site's webhooks the registrar checks that
     * Tempo has verified them, and again until it has (Tempo keeps a subscription inactive until
     * its URL answered the verification).
     */
    @WithDefault("PT10S")
    Duration webhookCheckInterval();

    /**
     * Webhook deliveries stamped further in the future than this are rejected. Older stamps are
     * accepted: Tempo stamps a delivery with its first attempt's time and retries it for hours.
     */
    @WithDefault("PT5M")
    Duration webhookMaxSkew();

    /**
     * Worklogs per page when polling: Tempo's maximum, 5000. Every page is a request on the site's
     * token; on a target being backfilled the periodic poll re-reads the bridge's own writes of the
     * last overlap, and with 1000 its ten pages took ten of the writer's turns.
     */
    @WithDefault("5000")
    int pageSize();
  }

  /** The inbound service. */
  interface Inbound {
    @WithDefault("true")
    boolean enabled();

    /** Records per batch at most. */
    @WithDefault("5000")
    int maxPollRecords();

    /**
     * After records arrive, how long to keep collecting before applying them: a backlog then goes
     * out in few, full bulk calls, at the cost of this much latency for a lone live change.
     */
    @WithDefault("PT0.05S")
    Duration batchLinger();

    /** Send piled-up creates for one issue through Tempo's bulk endpoint. */
    @WithDefault("true")
    boolean useBulk();

    /** How often parked events are looked at. */
    @WithDefault("PT10S")
    Duration parkedCheckInterval();

    /** First wait before a parked event is retried; doubles up to the maximum. */
    @WithDefault("PT30S")
    Duration parkInitialDelay();

    @WithDefault("PT30M")
    Duration parkMaxDelay();

    /** Where a new consumer group starts: earliest (everything) or latest. */
    @WithDefault("earliest")
    String autoOffsetReset();

    /**
     * This process's stable identity in its consumer groups (static membership): a restarted
     * process takes its partitions back at once instead of waiting for the old session to expire.
     * Default: the host name (the pod name on Kubernetes). Must differ between processes that serve
     * the same site.
     */
    Optional<String> instanceId();

    /** How long a silent consumer keeps its partitions. */
    @WithDefault("PT20S")
    Duration sessionTimeout();

    /** Create the lineage marker work attribute on targets where the token may. */
    @WithDefault("true")
    boolean createMarkerAttribute();

    /**
     * The outbound services the console shows and starts backfills on, by name: their admin API's
     * base URL as this process reaches them (a cluster-internal service URL); called with this
     * process's admin API key. None: the console shows the inbound only.
     */
    Map<String, String> consoleOutbounds();
  }

  /** The admin API. */
  interface Admin {
    /** The bearer API key required by every /api/v1 call. */
    @WithName("api-key")
    Secret apiKey();

    /** OIDC access tokens accepted besides the API key, when configured. */
    Optional<Oidc> oidc();
  }

  /** An OIDC provider whose access tokens (JWTs) open the admin API. */
  interface Oidc {
    /** The provider's issuer ({@code iss}), e.g. {@code https://sso.example.com/realms/ops}. */
    String issuer();

    /**
     * Where its signing keys are published (JWKS), e.g. {@code
     * <issuer>/protocol/openid-connect/certs}.
     */
    @WithName("jwks-url")
    String jwksUrl();

    /** The audience ({@code aud}) tokens must carry; {@code any} to accept every audience. */
    Optional<String> audience();

    /** The group or role ({@code groups} claim) tokens must carry; {@code any} for none. */
    Optional<String> role();
  }

  /** Which ways a connection syncs. */
  enum Direction {
    BOTH,
    A_TO_B,
    B_TO_A
  }

  /** What a deleted origin does to its replicas. */
  enum DeletePolicy {
    MIRROR,
    KEEP
  }
}
