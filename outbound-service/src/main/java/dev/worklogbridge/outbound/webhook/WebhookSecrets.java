package dev.worklogbridge.outbound.webhook;

import dev.worklogbridge.store.WebhookSubscription;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Tempo's {@code Tempo-Signature}: hex HMAC-SHA256 of the body followed by the {@code
 * Tempo-Timestamp}, keyed with the subscription's shared secret, compared in constant time.
 */
@ApplicationScoped
public class WebhookSecrets {

  private final Map<String, List<String>> bySite = new ConcurrentHashMap<>();

  /** Whether {@code signature} is the HMAC-SHA256 of the raw body bytes and then the timestamp. */
  public boolean verify(String site, byte[] body, String timestamp, String signature) {
    if (signature == null || timestamp == null || body == null) {
      return false;
    }
    byte[] given = signature.trim().toLowerCase().getBytes(StandardCharsets.US_ASCII);
    for (String secret : secrets(site)) {
      byte[] expected = sign(secret, body, timestamp).getBytes(StandardCharsets.US_ASCII);
      if (MessageDigest.isEqual(expected, given)) {
        return true;
      }
    }
    return false;
  }

  /** Forgets what was loaded, after a (re-)registration. */
  public void reload(String site) {
    bySite.remove(site);
  }

  private List<String> secrets(String site) {
    return bySite.computeIfAbsent(
        site,
        s ->
            QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        WebhookSubscription.ofSite(s).stream().map(w -> w.sharedSecret).toList()));
  }

  /** Tempo's signature: hex HMAC-SHA256(secret, body bytes followed by the timestamp). */
  public static String sign(String secret, byte[] body, String timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(body);
      return HexFormat.of().formatHex(mac.doFinal(timestamp.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
