package dev.worklogbridge.simulator.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a site's Tempo is set up: its work attributes, its closed periods and its global rules (the
 * limits {@code GET /4/globalconfiguration} shows). Every method is synchronized.
 */
public final class TempoSetup {

  private final Map<String, WorkAttribute> attributes = new LinkedHashMap<>();
  private final List<ClosedPeriod> closedPeriods = new ArrayList<>();

  /** The global rules, replaced whole by the control API. */
  public volatile TempoRules rules = TempoRules.DEFAULT;

  TempoSetup() {
    attributes.put(
        "_Account_", new WorkAttribute("_Account_", "Account", "ACCOUNT", false, List.of()));
  }

  public synchronized List<WorkAttribute> attributes() {
    return new ArrayList<>(attributes.values());
  }

  public synchronized WorkAttribute attribute(String key) {
    return attributes.get(key);
  }

  public synchronized WorkAttribute addAttribute(WorkAttribute attribute) {
    if (attributes.containsKey(attribute.key())) {
      throw ApiError.badRequest("Work attribute with key '" + attribute.key() + "' already exists");
    }
    attributes.put(attribute.key(), attribute);
    return attribute;
  }

  public synchronized void setClosedPeriods(List<ClosedPeriod> periods) {
    closedPeriods.clear();
    closedPeriods.addAll(periods);
  }

  /** Refuses a change on a date in a closed period, unless it may and does bypass the closure. */
  synchronized void checkOpen(LocalDate date, boolean bypass, boolean mayBypass) {
    boolean closed = closedPeriods.stream().anyMatch(p -> p.contains(date));
    if (closed && !(bypass && mayBypass)) {
      throw ApiError.badRequest(
          "Worklog cannot be changed: the period containing " + date + " is closed");
    }
  }

  /** Refuses attributes that do not exist or hold a value their list does not allow. */
  synchronized void checkAttributes(Map<String, String> given) {
    for (Map.Entry<String, String> a : given.entrySet()) {
      WorkAttribute def = attributes.get(a.getKey());
      if (def == null) {
        throw ApiError.badRequest("Work attribute '" + a.getKey() + "' does not exist");
      }
      if ("STATIC_LIST".equals(def.type()) && !def.values().contains(a.getValue())) {
        throw ApiError.badRequest(
            "Value '" + a.getValue() + "' is not allowed for work attribute '" + a.getKey() + "'");
      }
    }
    for (WorkAttribute def : attributes.values()) {
      if (def.required() && !given.containsKey(def.key())) {
        throw ApiError.badRequest("Work attribute '" + def.key() + "' is required");
      }
    }
  }
}
