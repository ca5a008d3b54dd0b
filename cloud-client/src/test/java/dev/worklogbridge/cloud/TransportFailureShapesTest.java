package dev.worklogbridge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.worklogbridge.testkit.SharedInfrastructure;
import dev.worklogbridge.testkit.SimulatorClient;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * What the Quarkus REST Client (the MicroProfile REST Client the Tempo and Jira clients move to)
 * answers in the cases the lost-answer rule tells apart: a create may be re-sent only when the
 * connection was never made; a timeout or a dropped connection may come after the write was stored.
 * {@link TransportFailure#neverSent} reads them; if a Quarkus upgrade changes these shapes, this
 * fails before a create can be sent twice.
 */
@QuarkusTest
class TransportFailureShapesTest {

  @Path("/4")
  @Produces("application/json")
  public interface Tempo {
    @GET
    @Path("/globalconfiguration")
    Response globalConfiguration();

    @GET
    @Path("/worklogs/{id}")
    Response worklog(@PathParam("id") long id);
  }

  private static Tempo tempo(String base, int readTimeoutSeconds, ClientRequestFilter... filters) {
    QuarkusRestClientBuilder b =
        QuarkusRestClientBuilder.newBuilder()
            .baseUri(URI.create(base))
            // Every status comes back as an answer; the caller classifies it once.
            .property("microprofile.rest.client.disable.default.mapper", true)
            .connectTimeout(2, TimeUnit.SECONDS)
            .readTimeout(readTimeoutSeconds, TimeUnit.SECONDS);
    for (ClientRequestFilter f : filters) {
      b.register(f);
    }
    return b.build(Tempo.class);
  }

  private static Throwable cause(Throwable e) {
    assertThat(e).isInstanceOf(ProcessingException.class);
    return e.getCause();
  }

  @Test
  void answersComeBackWithTheirStatusAndTheTokenIsAddedPerRequest() throws Exception {
    SimulatorClient sim = SharedInfrastructure.simulator().client();
    sim.reset();
    sim.seed(
        SimulatorClient.json()
            .readTree(
                """
        {"sites": [{"name": "jca", "tempoTokens": [{"token": "tok-a", "label": "a"}],
          "jiraCredentials": [{"email": "b@x.example", "apiToken": "jt", "accountId": "557058:b"}],
          "users": [{"accountId": "557058:b", "displayName": "Bridge"}]}]}
        """));
    String[] token = {"tok-a"};
    Tempo api =
        tempo(
            sim.tempoUrl("jca"),
            5,
            ctx -> ctx.getHeaders().putSingle("Authorization", "Bearer " + token[0]));

    try (Response ok = api.globalConfiguration()) {
      assertThat(ok.getStatus()).isEqualTo(200);
      assertThat(ok.readEntity(String.class)).contains("weekStart");
    }
    try (Response missing = api.worklog(999_999)) {
      assertThat(missing.getStatus()).isEqualTo(404);
    }
    token[0] = "revoked";
    try (Response refused = api.globalConfiguration()) {
      assertThat(refused.getStatus()).isEqualTo(401);
    }
  }

  @Test
  void aConnectionNeverMadeIsAConnectException() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Throwable e = catchThrowable(() -> tempo("http://127.0.0.1:" + port, 5).globalConfiguration());
    assertThat(cause(e)).isInstanceOf(ConnectException.class);
    assertThat(TransportFailure.neverSent(e)).isTrue();
  }

  @Test
  void anAnswerThatNeverComesIsATimeoutNotAConnectException() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      Throwable e =
          catchThrowable(
              () -> tempo("http://127.0.0.1:" + silent.getLocalPort(), 1).globalConfiguration());
      assertThat(cause(e)).isInstanceOf(TimeoutException.class).isNotInstanceOf(IOException.class);
      assertThat(TransportFailure.neverSent(e)).isFalse();
    }
  }

  @Test
  void aConnectionDroppedAfterTheRequestIsAnIoExceptionNotAConnectException() throws Exception {
    try (ServerSocket dropping = new ServerSocket(0)) {
      Thread server =
          new Thread(
              () -> {
                try (Socket s = dropping.accept()) {
                  s.getInputStream().read(new byte[256]);
                } catch (IOException ignored) {
                  // the client's side is what is asserted
                }
              });
      server.start();
      Throwable e =
          catchThrowable(
              () -> tempo("http://127.0.0.1:" + dropping.getLocalPort(), 5).globalConfiguration());
      server.join();
      assertThat(cause(e)).isInstanceOf(IOException.class).isNotInstanceOf(ConnectException.class);
      assertThat(TransportFailure.neverSent(e)).isFalse();
    }
  }
}
