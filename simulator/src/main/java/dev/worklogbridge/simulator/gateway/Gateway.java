package dev.worklogbridge.simulator.gateway;

import dev.worklogbridge.simulator.model.SimSite;
import dev.worklogbridge.simulator.model.TempoToken;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * What stands in front of every simulated API, as the real clouds' gateways do: authentication per
 * site, the per-token rate limit, injected faults, and the request log. The resources behind it
 * only see requests that got through.
 */
@ApplicationScoped
public class Gateway {

  /** Routing-context keys the resources read. */
  public static final String SITE = "sim.site";

  public static final String TEMPO_TOKEN = "sim.tempoToken";
  public static final String JIRA_ACCOUNT = "sim.jiraAccount";

  /** POSTs a view-only Tempo token may make: they read. */
  private static final Set<String> READ_ONLY_POSTS =
      Set.of("/4/worklogs/search", "/4/worklogs/jira-to-tempo", "/4/worklogs/tempo-to-jira");

  @Inject SiteRegistry registry;
  @Inject RequestLog requestLog;
  @Inject Vertx vertx;

  void install(@Observes Router router) {
    router.route().order(-100).handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    String api;
    if (path.startsWith("/tempo/")) {
      api = "tempo";
    } else if (path.startsWith("/jira/")) {
      api = "jira";
    } else {
      ctx.next();
      return;
    }
    int siteStart = api.length() + 2;
    int slash = path.indexOf('/', siteStart);
    String siteName = slash < 0 ? path.substring(siteStart) : path.substring(siteStart, slash);
    String relative = slash < 0 ? "/" : path.substring(slash);
    Call call =
        new Call(
            requestLog.nextSeq(),
            siteName,
            api,
            ctx.request().method().name(),
            relative,
            ctx.request().query(),
            System.nanoTime());
    ctx.addEndHandler(v -> record(call, ctx.response().getStatusCode()));

    SimSite site = registry.site(siteName);
    if (site == null) {
      json(ctx, 404, api, "Site " + siteName + " does not exist");
      return;
    }
    ctx.put(SITE, site);
    if (!authenticate(ctx, call, site)) {
      return;
    }
    if (!registry.admit(siteName, api, String.valueOf(call.tokenLabel))) {
      SiteLimits limits = registry.limits(siteName);
      if (limits.retryAfterSeconds() != null) {
        ctx.response().putHeader("Retry-After", Integer.toString(limits.retryAfterSeconds()));
      }
      json(ctx, 429, api, "Rate limit exceeded");
      return;
    }
    FaultRule.Decision fault = registry.fault(siteName, api, call.method, relative);
    if (fault == null) {
      ctx.next();
      return;
    }
    call.injectedDelayMs = fault.delayMs();
    switch (fault.outcome()) {
      case DROP -> {
        call.dropped = true;
        record(call, 0);
        ctx.request().connection().close();
      }
      case HANG -> {
        call.dropped = true;
        ctx.request().pause();
        vertx.setTimer(
            fault.delayMs(),
            id -> {
              record(call, 0);
              ctx.request().connection().close();
            });
      }
      case ERROR -> later(ctx, fault.delayMs(), () -> error(ctx, api, fault));
      case PASS -> later(ctx, fault.delayMs(), ctx::next);
      case LOSE_ANSWER -> {
        ctx.addHeadersEndHandler(
            v -> {
              if (fault.status() == 0) {
                call.dropped = true;
                record(call, 0);
                AnswerSwallower.install(ctx);
              } else {
                ctx.response().setStatusCode(fault.status());
              }
            });
        later(ctx, fault.delayMs(), ctx::next);
      }
    }
  }

  private static void error(RoutingContext ctx, String api, FaultRule.Decision fault) {
    if (fault.status() == 429) {
      if (fault.retryAfterSeconds() != null) {
        ctx.response().putHeader("Retry-After", Integer.toString(fault.retryAfterSeconds()));
      }
      json(ctx, 429, api, "Rate limit exceeded");
      return;
    }
    html(ctx, fault.status(), "Server error");
  }

  private boolean authenticate(RoutingContext ctx, Call call, SimSite site) {
    String authorization = Optional.ofNullable(ctx.request().getHeader("Authorization")).orElse("");
    if ("tempo".equals(call.api)) {
      if (!authorization.startsWith("Bearer ")) {
        html(ctx, 401, "Unauthorized");
        return false;
      }
      Optional<TempoToken> token = registry.tempoToken(authorization.substring(7).trim());
      if (token.isEmpty()) {
        call.tokenSite = "unknown";
        html(ctx, 401, "Unauthorized");
        return false;
      }
      call.tokenLabel = token.get().label();
      call.tokenSite = token.get().site();
      if (!token.get().site().equals(site.name) || !registry.tokenValid(token.get())) {
        html(ctx, 401, "Unauthorized");
        return false;
      }
      boolean write =
          ctx.request().method() != HttpMethod.GET && !READ_ONLY_POSTS.contains(call.path);
      if (write && !"MANAGE".equals(token.get().scope())) {
        html(ctx, 403, "Forbidden: this token may only view");
        return false;
      }
      ctx.put(TEMPO_TOKEN, token.get());
      return true;
    }
    if (!authorization.startsWith("Basic ")) {
      text(ctx, 401, "Client must be authenticated to access this resource.");
      return false;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      text(ctx, 401, "Client must be authenticated to access this resource.");
      return false;
    }
    int colon = decoded.indexOf(':');
    String email = colon < 0 ? decoded : decoded.substring(0, colon);
    String apiToken = colon < 0 ? "" : decoded.substring(colon + 1);
    call.tokenLabel = "jira:" + email;
    call.tokenSite = registry.jiraCredentialSite(email, apiToken).orElse("unknown");
    String account = site.directory().jiraAccountFor(email, apiToken);
    if (account == null) {
      text(ctx, 401, "Client must be authenticated to access this resource.");
      return false;
    }
    ctx.put(JIRA_ACCOUNT, account);
    return true;
  }

  private void later(RoutingContext ctx, long delayMs, Runnable then) {
    if (delayMs <= 0) {
      then.run();
      return;
    }
    ctx.request().pause();
    vertx.setTimer(
        delayMs,
        id -> {
          ctx.request().resume();
          then.run();
        });
  }

  private void record(Call call, int status) {
    if (call.recorded) {
      return;
    }
    call.recorded = true;
    requestLog.add(
        new RequestLog.Entry(
            call.seq,
            call.receivedAt.toString(),
            Instant.now().toString(),
            call.site,
            call.api,
            call.method,
            call.path,
            call.query,
            call.dropped ? 0 : status,
            call.tokenLabel,
            call.tokenSite,
            (System.nanoTime() - call.startNanos) / 1_000_000,
            call.injectedDelayMs));
  }

  private static void json(RoutingContext ctx, int status, String api, String message) {
    String body =
        "tempo".equals(api)
            ? "{\"errors\":[{\"message\":\"" + message + "\"}]}"
            : "{\"errorMessages\":[\"" + message + "\"],\"errors\":{}}";
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }

  private static void html(RoutingContext ctx, int status, String message) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "text/html")
        .end("<html><body><h1>" + status + "</h1><p>" + message + "</p></body></html>");
  }

  private static void text(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain").end(message);
  }

  /** One request on its way through the gateway. */
  private static final class Call {
    final long seq;
    final String site;
    final String api;
    final String method;
    final String path;
    final String query;
    final long startNanos;
    final Instant receivedAt = Instant.now();
    String tokenLabel;
    String tokenSite;
    boolean dropped;
    boolean recorded;
    long injectedDelayMs;

    Call(
        long seq,
        String site,
        String api,
        String method,
        String path,
        String query,
        long startNanos) {
      this.seq = seq;
      this.site = site;
      this.api = api;
      this.method = method;
      this.path = path;
      this.query = query;
      this.startNanos = startNanos;
    }
  }
}
