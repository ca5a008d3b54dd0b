package dev.worklogbridge.cloud;

import dev.worklogbridge.model.Attribute;
import dev.worklogbridge.model.LineageMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Pairs the worklogs a bulk create answered with the requests that made them. Tempo does not
 * document that the answer keeps the request's order, so each request finds its worklog by its
 * lineage marker, or failing that by what a person sees (author, date, time, duration,
 * description).
 */
final class BulkAnswer {

  private BulkAnswer() {}

  /**
   * The answer in the requests' order.
   *
   * @throws CloudException (outcome unknown) when a request has no worklog in the answer
   */
  static List<TempoWorklog> inRequestOrder(
      String site, List<TempoWorklogRequest> requests, List<TempoWorklog> answer) {
    List<TempoWorklog> left = new ArrayList<>(answer);
    List<TempoWorklog> out = new ArrayList<>(requests.size());
    for (TempoWorklogRequest r : requests) {
      TempoWorklog match = null;
      String marker = marker(r);
      for (TempoWorklog w : left) {
        if (marker != null ? marker.equals(w.lineageMarker().orElse(null)) : sameForAPerson(r, w)) {
          match = w;
          break;
        }
      }
      if (match == null) {
        throw new CloudException(
            ErrorKind.RETRYABLE,
            200,
            site,
            "tempo",
            site
                + " tempo: a bulk create answered without one of its worklogs; look before"
                + " creating again",
            null,
            true);
      }
      left.remove(match);
      out.add(match);
    }
    return out;
  }

  private static String marker(TempoWorklogRequest r) {
    return r.attributes().stream()
        .filter(a -> LineageMarker.ATTRIBUTE_KEY.equals(a.key()))
        .map(Attribute::value)
        .findFirst()
        .orElse(null);
  }

  private static boolean sameForAPerson(TempoWorklogRequest r, TempoWorklog w) {
    return Objects.equals(r.authorAccountId(), w.authorAccountId())
        && Objects.equals(r.startDate(), w.startDate())
        && Objects.equals(r.startTime(), w.startTime())
        && r.timeSpentSeconds() == w.timeSpentSeconds()
        && Objects.equals(
            r.description() == null ? "" : r.description(),
            w.description() == null ? "" : w.description());
  }
}
