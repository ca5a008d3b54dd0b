package dev.worklogbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.hibernate.Session;

/**
 * Native lookups that bind whole lists as PostgreSQL arrays ({@code = any(?)}, {@code unnest(?)}):
 * a batch of 7,000 lineages is one statement with one parameter per list, parsed and planned once,
 * instead of {@code IN} lists of a thousand parameters each. Run inside a transaction.
 */
public final class StringLookups {

  private StringLookups() {}

  /**
   * The first column of every row {@code sql} selects; a {@code String[]} parameter is bound as a
   * {@code text[]}, anything else as a string.
   */
  public static Set<String> select(String sql, Object... params) {
    return LineageLink.getEntityManager()
        .unwrap(Session.class)
        .doReturningWork(c -> run(c, sql, params));
  }

  private static Set<String> run(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        if (params[i] instanceof String[] list) {
          s.setArray(i + 1, c.createArrayOf("text", list));
        } else {
          s.setString(i + 1, String.valueOf(params[i]));
        }
      }
      Set<String> out = new HashSet<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
      return out;
    }
  }
}
