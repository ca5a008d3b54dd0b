-- What needs a person's attention on a site (worklogs that could not be processed, markers that were
-- not believed) is read from the history by action; retention prunes the history and resolved
-- parked events by age.
CREATE INDEX lineage_history_attention ON lineage_history (site, action, id)
    WHERE action IN ('UNPROCESSABLE', 'MARKER_IGNORED', 'DELETED_BEFORE_SEEN');
CREATE INDEX lineage_history_at ON lineage_history (at);
CREATE INDEX lineage_link_tombstones ON lineage_link (updated_at) WHERE state = 'DELETED';
