package dev.worklogbridge.runtime.database;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * PostgreSQL as the services see it: reads that answer callers (readiness, the status API) are
 * bounded in time, so a database that hangs (its processes stopped, its connections open) makes
 * them answer "unavailable" promptly instead of hanging with it. An outage is logged once when it
 * begins and once when it ends, not once per request.
 */
@ApplicationScoped
public class Database {

  /** How long a bounded read may take before the database counts as unavailable. */
  public static final Duration BOUND = Duration.ofSeconds(2);

  @Inject AgroalDataSource dataSource;

  private final ExecutorService readers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "database-bounded-read");
            t.setDaemon(true);
            return t;
          });
  private final AtomicReference<Future<Void>> probe = new AtomicReference<>();
  private final AtomicReference<String> outage = new AtomicReference<>();
  private final AtomicInteger outagesLogged = new AtomicInteger();

  @PreDestroy
  void stop() {
    readers.shutdownNow();
  }

  /** Runs {@code read} within {@link #BOUND}; {@link Unavailable} when it fails or takes longer. */
  public <T> T within(Callable<T> read) {
    Future<T> f = readers.submit(read);
    return await(f);
  }

  /** Null when a trivial query answers within the bound, else why not. */
  public String check() {
    Future<Void> current = probe.get();
    if (current == null || current.isDone()) {
      Future<Void> next = readers.submit(this::selectOne);
      current = probe.compareAndSet(current, next) ? next : probe.get();
    }
    try {
      await(current);
      return null;
    } catch (Unavailable e) {
      return e.getMessage();
    }
  }

  private Void selectOne() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    }
    return null;
  }

  private <T> T await(Future<T> f) {
    try {
      T value = f.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
      recovered();
      return value;
    } catch (TimeoutException e) {
      throw unavailable("PostgreSQL did not answer within " + BOUND.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw unavailable("PostgreSQL failed: " + Unavailable.firstLine(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted while waiting for PostgreSQL");
    }
  }

  /** Records (and logs once per outage) that the database is unavailable. */
  public Unavailable unavailable(String reason) {
    if (outage.compareAndSet(null, reason)) {
      outagesLogged.incrementAndGet();
      Log.warnf("The database is unavailable: %s (logged once until it is back)", reason);
    }
    return new Unavailable(reason);
  }

  private void recovered() {
    String was = outage.getAndSet(null);
    if (was != null) {
      Log.infof("The database is available again (it was: %s)", was);
    }
  }

  /** How many outages were logged since start-up (each once). */
  public int outagesLogged() {
    return outagesLogged.get();
  }

  /** The database did not answer, or failed to: the caller answers 503 with the reason. */
  public static final class Unavailable extends RuntimeException {
    Unavailable(String reason) {
      super(reason, null, false, false);
    }

    static String firstLine(Throwable t) {
      String m = String.valueOf(t == null ? null : t.getMessage());
      int nl = m.indexOf('\n');
      return nl < 0 ? m : m.substring(0, nl);
    }
  }
}
