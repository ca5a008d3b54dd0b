package dev.worklogbridge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** A page's {@code metadata.next} takes the site's token only back to the configured Tempo. */
class NextPageLinkTest {

  static final URI FIRST = URI.create("https://api.eu.tempo.io/4/worklogs?offset=0&limit=5000");

  @Test
  void aLinkToTheSameTempoIsFollowed() {
    assertThat(TempoClient.sameOrigin(FIRST, "https://api.eu.tempo.io/4/worklogs?offset=5000"))
        .hasToString("https://api.eu.tempo.io/4/worklogs?offset=5000");
    assertThat(TempoClient.sameOrigin(FIRST, "https://API.eu.tempo.io:443/4/worklogs?offset=1"))
        .hasHost("API.eu.tempo.io");
    assertThat(TempoClient.sameOrigin(FIRST, "/4/worklogs?offset=5000"))
        .hasToString("https://api.eu.tempo.io/4/worklogs?offset=5000");
  }

  @Test
  void aLinkElsewhereIsRefusedAndTheTokenStaysHome() {
    for (String elsewhere :
        new String[] {
          "https://attacker.example/4/worklogs?offset=5000",
          "http://api.eu.tempo.io/4/worklogs?offset=5000",
          "https://api.eu.tempo.io:8443/4/worklogs?offset=5000",
          "https://api.eu.tempo.io.attacker.example/4/worklogs",
          "//attacker.example/4/worklogs"
        }) {
      assertThatThrownBy(() -> TempoClient.sameOrigin(FIRST, elsewhere))
          .as(elsewhere)
          .isInstanceOf(CloudException.class)
          .hasMessageContaining("not followed");
    }
  }
}
