package dev.worklogbridge.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The content hash: SHA-256 over a canonical text of {@link WorklogContent}. Every field is written
 * with its length, attributes in key order, so neither field order nor a separator inside a
 * description can make two different contents collide or the same content differ.
 */
public final class ContentHash {

  private ContentHash() {}

  public static String of(WorklogContent content) {
    StringBuilder canonical = new StringBuilder(256);
    field(canonical, "author", content.authorAccountId());
    field(canonical, "startDate", content.startDate().toString());
    field(canonical, "startTime", content.startTime().toString());
    field(canonical, "timeSpentSeconds", Long.toString(content.timeSpentSeconds()));
    field(canonical, "billableSeconds", Long.toString(content.billableSeconds()));
    field(canonical, "description", content.description());
    for (Map.Entry<String, String> attribute : content.attributes().entrySet()) {
      field(canonical, "attribute", attribute.getKey());
      field(canonical, "value", attribute.getValue());
    }
    return sha256(canonical.toString());
  }

  private static void field(StringBuilder out, String name, String value) {
    String v = value == null ? "" : value;
    out.append(name).append('[').append(v.length()).append(']').append(v).append('\n');
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
