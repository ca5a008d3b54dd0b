package dev.worklogbridge.runtime.site;

import dev.worklogbridge.runtime.config.BridgeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Supplier;

/**
 * A secret read from a mounted file (re-read when the file changes, so a rotated Kubernetes secret
 * takes effect without a restart), an environment variable, or replaced through the admin API.
 * {@link #toString()} never shows the value.
 */
public final class SecretSource implements Supplier<String> {

  private final String key;
  private final Path file;
  private final String envValue;
  private volatile String replaced;
  private volatile String cached;
  private volatile FileTime cachedModified;
  private volatile long checkedAtNanos;

  /** The clock that paces the file checks (once a second at most); a test steps its own. */
  private final java.util.function.LongSupplier nanoTime;

  public SecretSource(String key, BridgeConfig.Secret secret) {
    this(key, secret, System::nanoTime);
  }

  SecretSource(String key, BridgeConfig.Secret secret, java.util.function.LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.key = key;
    this.file = secret.file().map(Path::of).orElse(null);
    this.envValue = secret.env().map(System::getenv).orElse(null);
  }

  /** The current value ("" when none is configured). */
  @Override
  public String get() {
    String r = replaced;
    if (r != null) {
      if (file == null || !fileRotatedSince(replacedWhileFile)) {
        return r;
      }
      // The mounted file was rotated after the replacement: the newer of the two wins.
      replaced = null;
    }
    if (file == null) {
      return envValue == null ? "" : envValue.trim();
    }
    long now = nanoTime.getAsLong();
    if (cached == null || now - checkedAtNanos > 1_000_000_000L) {
      checkedAtNanos = now;
      try {
        FileTime modified = Files.getLastModifiedTime(file);
        if (cached == null || !modified.equals(cachedModified)) {
          cached = Files.readString(file, StandardCharsets.UTF_8).trim();
          cachedModified = modified;
        }
      } catch (IOException e) {
        if (cached == null) {
          cached = "";
        }
      }
    }
    return cached;
  }

  /** Replaces the value until the process restarts (admin API); the file is not touched. */
  public void replace(String value) {
    replacedWhileFile = file == null ? null : modifiedTime();
    replaced = value == null ? null : value.trim();
  }

  /** The file's modification time when the value was replaced (null: no file or unreadable). */
  private volatile FileTime replacedWhileFile;

  private long rotationCheckedAtNanos;

  private boolean fileRotatedSince(FileTime before) {
    long now = nanoTime.getAsLong();
    if (now - rotationCheckedAtNanos < 1_000_000_000L) {
      return false;
    }
    rotationCheckedAtNanos = now;
    FileTime current = modifiedTime();
    return current != null && !current.equals(before);
  }

  private FileTime modifiedTime() {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }

  public boolean isConfigured() {
    return file != null || envValue != null || replaced != null;
  }

  @Override
  public String toString() {
    return "SecretSource["
        + key
        + (file != null ? ", file" : envValue != null ? ", env" : "")
        + "]";
  }
}
