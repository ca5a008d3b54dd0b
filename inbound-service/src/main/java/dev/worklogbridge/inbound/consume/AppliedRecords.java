package dev.worklogbridge.inbound.consume;

import dev.worklogbridge.inbound.apply.ApplyRun;
import dev.worklogbridge.inbound.apply.ReplicaApplier;
import dev.worklogbridge.model.Topics;
import java.nio.charset.StandardCharsets;
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

  private final String otherSource;
  private final ReplicaApplier applier;

  AppliedRecords(String otherSite, ReplicaApplier applier) {
    this.otherSource = Topics.ceSource(otherSite);
    this.applier = applier;
  }

  /**
   * The records of {@code records} that still need decoding, in their order; those left out are
   * counted as skipped on the run's site.
   */
  List<ConsumerRecord<byte[], byte[]>> toDecode(
      ApplyRun run, List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, LineageRecords> byLineage = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      if (r.key() != null && otherSource.equals(BatchHandler.header(r, "ce_source"))) {
        byLineage
            .computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new LineageRecords())
            .add(BatchHandler.header(r, Topics.IDEMPOTENCY_KEY_HEADER));
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
    for (ConsumerRecord<byte[], byte[]> r : records) {
      if (r.key() != null
          && otherSource.equals(BatchHandler.header(r, "ce_source"))
          && applied.contains(new String(r.key(), StandardCharsets.UTF_8))) {
        skipped++;
      } else {
        out.add(r);
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
