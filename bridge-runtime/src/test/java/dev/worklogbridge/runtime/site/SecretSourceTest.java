package dev.worklogbridge.runtime.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.worklogbridge.runtime.config.BridgeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A token replaced through the admin API holds until the mounted file is rotated after it (the file
 * is looked at once a second at most: the test steps that clock).
 */
class SecretSourceTest {

  record FileSecret(Optional<String> file, Optional<String> env) implements BridgeConfig.Secret {}

  @Test
  void aLaterRotationOfTheFileWinsOverAReplacedValue() throws Exception {
    Path file = Files.createTempFile("token", ".txt");
    Files.writeString(file, "from-file-1");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-01T00:00:00Z")));
    java.util.concurrent.atomic.AtomicLong nanos =
        new java.util.concurrent.atomic.AtomicLong(1L << 40);
    SecretSource token =
        new SecretSource(
            "bridge.sites.jca.tempo-token",
            new FileSecret(Optional.of(file.toString()), Optional.empty()),
            nanos::get);
    assertThat(token.get()).isEqualTo("from-file-1");

    token.replace("from-the-api");
    assertThat(token.get()).isEqualTo("from-the-api");
    nanos.addAndGet(1_100_000_000L);
    assertThat(token.get()).as("the file has not changed").isEqualTo("from-the-api");

    Files.writeString(file, "from-file-2");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-02T00:00:00Z")));
    nanos.addAndGet(1_100_000_000L);
    assertThat(token.get()).isEqualTo("from-file-2");
    assertThat(token.toString()).doesNotContain("from");
  }
}
