package dev.worklogbridge.model;

import java.util.regex.Pattern;

/**
 * The rule for connection and site names: lowercase letters, digits and hyphens, starting with a
 * letter or digit, 1 to 64 characters. Such names are valid in Kafka topic names (and avoid the
 * '.'/'_' collision Kafka warns about), in lineage ids and in database identifiers.
 */
public final class Names {

  public static final Pattern VALID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");

  private Names() {}

  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /** Throws with a message that names the offending key. */
  public static String requireValid(String key, String name) {
    if (!isValid(name)) {
      throw new IllegalArgumentException(
          key
              + " = '"
              + name
              + "' is not a valid name: use 1 to 64 lowercase letters, digits and hyphens,"
              + " starting with a letter or digit");
    }
    return name;
  }
}
