package dev.worklogbridge.inbound.consume;

import dev.worklogbridge.inbound.apply.ApplyRun;
import dev.worklogbridge.inbound.apply.ReplicaApplier;
import dev.worklogbridge.model.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Finds, from the records' headers alone, the records of a batch whose change this site has already
 * applied, so that a replay or a redelivery is neither decoded nor validated: ten lookups for
 * 10,000 applied events instead of 10,000 decodings. The record key names the lineage and the
 * CloudEvents extension {@code ce_idempotencykey} the change (both are written by the outbound's
 * publisher from the same event; nothing else writes the topic).
 *
 * <p>The records coming from the other site are grouped per lineage, as the applier groups events:
 * when the row has already applied the change the group's last record names, the earlier records
 * are older versions of it, and this consumer saw each of them (in partition order) before that
 * change was applied. A group is decoded as today when any of its records lacks the header, when
 * its lineage has parked events (they must wait behind them), or while a replay verifies.
 */
final class AppliedRecords {

  private final ReplicaApplier applier;

  AppliedRecords(ReplicaApplier applier) {
    this.applier = applier;
  }

  /**
   * The records of {@code records} that still need decoding, in their order; those left out are
   * counted as skipped on the run's site.
   *
   * @param otherLineages for each record (same index), its lineage when it comes from the other
   *     site (its {@code ce_source} and key, read once by the caller), else null
   */
  List<ConsumerRecord<byte[], byte[]>> toDecode(
      ApplyRun run, List<ConsumerRecord<byte[], byte[]>> records, List<String> otherLineages) {
    Map<String, LineageRecords> byLineage = new LinkedHashMap<>();
    for (int i = 0; i < records.size(); i++) {
      String lineage = otherLineages.get(i);
      if (lineage != null) {
        byLineage
            .computeIfAbsent(lineage, k -> new LineageRecords())
            .add(BatchHandler.header(records.get(i), Topics.IDEMPOTENCY_KEY_HEADER));
      }
    }
    Map<String, String> lastKeys = new HashMap<>();
    byLineage.forEach(
        (lineage, group) -> {
          if (group.allKeyed) {
            lastKeys.put(lineage, group.lastKey);
          }
        });
    Set<String> applied = applier.appliedAndFree(run, lastKeys);
    if (applied.isEmpty()) {
      return records;
    }
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(records.size());
    int skipped = 0;
    for (int i = 0; i < records.size(); i++) {
      String lineage = otherLineages.get(i);
      if (lineage != null && applied.contains(lineage)) {
        skipped++;
      } else {
        out.add(records.get(i));
      }
    }
    applier.countSkipped(run, skipped);
    return out;
  }

  /**
   * One lineage's records from the other site in a batch: the last key, and whether all had one.
   */
  private static final class LineageRecords {
    private boolean allKeyed = true;
    private String lastKey;

    void add(String key) {
      allKeyed &= key != null;
      lastKey = key;
    }
  }
}
