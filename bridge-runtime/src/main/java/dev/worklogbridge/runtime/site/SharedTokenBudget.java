package dev.worklogbridge.runtime.site;

import dev.worklogbridge.cloud.RateLimiter;
import dev.worklogbridge.cloud.RequestBudget;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * One token's request budget, shared by every process that uses the token: the turns are handed out
 * by PostgreSQL from the token's {@code token_budget} row, so three inbound pods and an outbound on
 * one Tempo token send at the token's rate together, and whoever has work takes all of it. The
 * database's clock is the only clock: a turn is a time in the row, the wait is that time minus the
 * database's now, so no two machines' clocks need agree.
 *
 * <p>The row keeps the last {@code burst} turns (the rate per second, rounded down, at least one):
 * a new turn is now, or the last turn, or a window after the turn {@code burst} back, whichever is
 * latest, where the window is {@code burst x (1 s + margin) / rate}. An idle token thus answers
 * {@code burst} calls at once, and any {@code burst + 1} turns span a full window: a request that
 * reaches the API up to {@code margin} later than its turn still leaves every second with at most
 * {@code rate} requests. Busy, the token gets {@code rate / (1 + margin)} turns a second, as with
 * even spacing. When the database cannot be reached the process falls back on a budget of its own
 * at the full rate (and says so): a 429 may then follow, which every caller honours.
 */
public final class SharedTokenBudget implements RequestBudget {

  /** The latest of the row's hold-back, its last turn and a window after the turn burst back. */
  private static final String NEXT =
      "greatest(b.next_free, b.recent[cardinality(b.recent)],"
          + " b.recent[cardinality(b.recent) - ? + 1] + ? * interval '1 microsecond')";

  /** The last burst - 1 turns with the new one after them. */
  private static String recentWith(String turn) {
    return "b.recent[greatest(1, cardinality(b.recent) - ? + 2):] || " + turn;
  }

  private static final String INSERT =
      "insert into token_budget as b (token_key, next_free, recent)"
          + " values (?, clock_timestamp(), array[clock_timestamp()])"
          + " on conflict (token_key) do update set ";

  /** Takes the token's next turn; returns how long until it, in microseconds. */
  private static final String TAKE_TURN =
      INSERT
          + "recent = "
          + recentWith("greatest(clock_timestamp(), " + NEXT + ")")
          + " returning (extract(epoch from b.recent[cardinality(b.recent)] - clock_timestamp())"
          + " * 1000000)::bigint";

  /** A turn only when one is free now: nobody is waiting. */
  private static final String IDLE_TURN =
      INSERT
          + "recent = "
          + recentWith("clock_timestamp()")
          + " where coalesce("
          + NEXT
          + ", clock_timestamp()) <= clock_timestamp()";

  /** No turn before now + the delay (a 429's Retry-After), for every holder. */
  private static final String HOLD_BACK =
      "insert into token_budget as b (token_key, next_free)"
          + " values (?, clock_timestamp() + ? * interval '1 microsecond')"
          + " on conflict (token_key) do update set next_free ="
          + " greatest(b.next_free, clock_timestamp() + ? * interval '1 microsecond')";

  private final DataSource db;
  private final String label;
  private final Supplier<String> key;
  private final double rate;
  private final int burst;
  private final long windowMicros;
  private final long lateNanos;
  private final long yieldTurns;
  private final AtomicBoolean unreachable = new AtomicBoolean();

  /**
   * @param label what the log calls this budget (the site and API, never the token)
   * @param key the token's budget name ({@code SiteClients.tokenKey}), read at every turn so a
   *     replaced token gets its own row
   */
  public SharedTokenBudget(
      DataSource db,
      String label,
      Supplier<String> key,
      double rate,
      Duration margin,
      Duration yieldsFor) {
    this.db = db;
    this.label = label;
    this.key = key;
    this.rate = rate;
    this.burst = RateLimiter.burst(rate);
    this.windowMicros = (long) (burst * (1_000_000 + margin.toNanos() / 1_000) / rate);
    this.lateNanos = margin.toNanos() / 3;
    this.yieldTurns = yieldsFor.toNanos() / 1_000 / spacing();
  }

  /** How many turns an idle token hands out at once. */
  public int burst() {
    return burst;
  }

  /** The time any {@code burst + 1} turns span at least. */
  public Duration window() {
    return Duration.ofNanos(windowMicros * 1_000);
  }

  /** A busy token's time between turns, in microseconds. */
  private long spacing() {
    return windowMicros / burst;
  }

  /**
   * Waits for a turn and returns on it. A caller that wakes more than a third of the margin after
   * its turn (a garbage collection or a busy core held it) gives that turn up and takes another:
   * sent now, its request could arrive too close to the five after it. After three such turns it
   * sends anyway.
   */
  @Override
  public void acquire() throws InterruptedException {
    String token = key.get();
    if (yieldTurns > 0 && idleTurn(token)) {
      return;
    }
    for (int turns = 1; ; turns++) {
      long turnAt;
      try {
        turnAt = takeTurn(token);
        reachable();
      } catch (RuntimeException e) {
        unreachableNow(e);
        RateLimiter.forToken(token, rate).acquire();
        return;
      }
      long wait = turnAt - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      long late = System.nanoTime() - turnAt;
      if (late <= lateNanos || turns == 3) {
        return;
      }
      Log.debugf("%s: woke %d ms after its turn; taking another", label, late / 1_000_000);
    }
  }

  /**
   * For a process that yields: takes a turn only when one is free now (nobody is waiting for one),
   * looking once a busy token's spacing for up to {@code yieldsFor}; false when none came free
   * (then it queues as everyone does) or the database did not answer.
   */
  private boolean idleTurn(String token) throws InterruptedException {
    for (long tried = 0; tried < yieldTurns; tried++) {
      try {
        if (QuarkusTransaction.requiringNew()
                .call(() -> write(IDLE_TURN, token, burst, burst, windowMicros))
            > 0) {
          return true;
        }
      } catch (RuntimeException e) {
        return false;
      }
      Thread.sleep(spacing() / 1_000, (int) (spacing() % 1_000) * 1_000);
    }
    return false;
  }

  @Override
  public void backOff(Duration delay) {
    String token = key.get();
    RateLimiter.forToken(token, rate).backOff(delay);
    try {
      long micros = delay.toNanos() / 1_000;
      QuarkusTransaction.requiringNew().run(() -> write(HOLD_BACK, token, micros, micros));
      reachable();
    } catch (RuntimeException e) {
      unreachableNow(e);
    }
  }

  /**
   * Takes the next turn; returns when it is on this process's {@link System#nanoTime} clock: the
   * database's wait counted from the moment its answer arrived (the commit that follows is not
   * waited on top of it, so the time from a turn to its send varies as little as it can).
   */
  private long takeTurn(String token) {
    // A transaction of its own: the row is locked only for this statement, never for the length
    // of a caller's transaction.
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              try (Connection c = db.getConnection();
                  PreparedStatement s = prepare(c, TAKE_TURN, token, burst, burst, windowMicros);
                  ResultSet r = s.executeQuery()) {
                r.next();
                long untilTurnMicros = r.getLong(1);
                return System.nanoTime() + untilTurnMicros * 1_000;
              } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
              }
            });
  }

  /** Runs a budget statement that returns nothing; the number of rows written. */
  private int write(String sql, Object... parameters) {
    try (Connection c = db.getConnection();
        PreparedStatement s = prepare(c, sql, parameters)) {
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... parameters)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    // A database that hangs must not hold a caller longer than its pool would (5 s).
    s.setQueryTimeout(5);
    for (int i = 0; i < parameters.length; i++) {
      s.setObject(i + 1, parameters[i]);
    }
    return s;
  }

  private void reachable() {
    if (unreachable.compareAndSet(true, false)) {
      Log.infof("%s: the shared request budget is back in the database", label);
    }
  }

  private void unreachableNow(RuntimeException e) {
    if (unreachable.compareAndSet(false, true)) {
      Log.warnf(
          "%s: the shared request budget cannot be read (%s); this process keeps to the token's"
              + " rate on its own until the database answers",
          label, e.getMessage());
    }
  }
}
