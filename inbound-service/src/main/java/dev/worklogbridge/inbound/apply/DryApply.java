package dev.worklogbridge.inbound.apply;

import java.util.Map;

/**
 * What the apply path did with one event in a dry run, nothing written: its outcome (or why it
 * would park), what it decided on the way (issue, author, attributes left out), the request it
 * would have sent, and the tombstone it would have recorded.
 *
 * @param outcome null when the event would park
 * @param parked why it would park, or null
 * @param request method, URL and body, or null when nothing would be sent
 * @param tombstone the tombstone's history line, or null
 */
public record DryApply(
    Outcome outcome,
    String parked,
    Map<String, Object> decided,
    Map<String, Object> request,
    String tombstone) {}
