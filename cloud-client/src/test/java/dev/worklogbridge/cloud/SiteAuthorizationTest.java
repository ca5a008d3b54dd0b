package dev.worklogbridge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quarkus.test.junit.QuarkusTest;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A site's credentials go only to its own origin: a request the REST Client is asked to send
 * anywhere else (a {@code metadata.next} naming another host, whatever checked it before) is
 * refused before a connection is made, and the refusal is not retried.
 */
@QuarkusTest
class SiteAuthorizationTest {

  @Test
  void aRequestToAnotherOriginIsRefusedBeforeAnythingIsSent() throws Exception {
    try (ServerSocket elsewhere = new ServerSocket(0)) {
      elsewhere.setSoTimeout(1_000);
      AtomicBoolean reached = new AtomicBoolean();
      Thread listener =
          new Thread(
              () -> {
                try (Socket s = elsewhere.accept()) {
                  reached.set(true);
                } catch (SocketTimeoutException quiet) {
                  // nobody came: what the test expects
                } catch (Exception ignored) {
                  // the assertion below is on `reached`
                }
              });
      listener.start();
      URI base = URI.create("http://localhost:1");
      TempoApi api =
          SiteClients.build(
                  base,
                  Duration.ofSeconds(2),
                  new SiteAuthorization("tempo", base, () -> "Bearer secret-token"))
              .build(TempoApi.class);
      CallPolicy calls =
          new CallPolicy(
              "jca",
              "tempo",
              RateLimiter.forToken("test:" + elsewhere.getLocalPort(), 0),
              CloudClientTest.FAST,
              CallObserver.NONE,
              CallGuard.NONE);

      CloudException refused =
          catchThrowableOfType(
              CloudException.class,
              () ->
                  calls.send(
                      "GET",
                      "/4/worklogs",
                      () ->
                          api.page("http://127.0.0.1:" + elsewhere.getLocalPort() + "/4/worklogs"),
                      Set.of()));
      listener.join();

      assertThat(refused.kind()).isEqualTo(ErrorKind.PERMANENT);
      assertThat(refused.getMessage()).contains("refused").doesNotContain("secret-token");
      assertThat(reached).as("a connection reached the other host").isFalse();
    }
  }

  @Test
  void theOriginIsSchemeHostAndPort() {
    URI base = URI.create("https://api.eu.tempo.io/");
    assertThat(SiteAuthorization.sameOrigin(base, URI.create("https://API.eu.tempo.io:443/4/x")))
        .isTrue();
    assertThat(SiteAuthorization.sameOrigin(base, URI.create("http://api.eu.tempo.io/4/x")))
        .isFalse();
    assertThat(SiteAuthorization.sameOrigin(base, URI.create("https://api.eu.tempo.io:8443/4")))
        .isFalse();
    assertThat(SiteAuthorization.sameOrigin(base, URI.create("https://api.eu.tempo.io.evil/4")))
        .isFalse();
  }
}
