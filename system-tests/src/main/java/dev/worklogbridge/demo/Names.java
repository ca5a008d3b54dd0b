package dev.worklogbridge.demo;

import dev.worklogbridge.testkit.TwoSites;
import java.util.Map;

/** Readable names for the people and issues of the demo's two sites. */
final class Names {

  private final Map<String, String> people =
      Map.of(
          TwoSites.ADA, "Ada Lovelace",
          TwoSites.BOB_A, "Bob Builder (customer)",
          TwoSites.BOB_B, "Bob Builder (vendor)",
          TwoSites.GRACE, "Grace Hopper",
          TwoSites.ZED, "Zed Zero",
          TwoSites.LINUS, "Linus Vendor",
          TwoSites.FALLBACK_A, "fallback: vendor time",
          TwoSites.FALLBACK_B, "fallback: customer time");

  String person(String accountId) {
    return people.getOrDefault(accountId, accountId);
  }

  String issue(String site, long id) {
    if (id == 20001) {
      return "OPS-1";
    }
    return (site.equals(TwoSites.A) ? "ESC-" : "SUP-") + (id - 10000);
  }
}
