-- The per-site state of worklog-bridge. Every row names its connection and the site it belongs to,
-- so one database serves both sites of a connection (one process or two).

-- One row per (connection, site, lineage): which local worklog carries the lineage on this site,
-- and what the bridge last knew of it. The heart of idempotency and echo suppression.
CREATE TABLE lineage_link (
    id                    BIGSERIAL PRIMARY KEY,
    connection            VARCHAR(64)  NOT NULL,
    site                  VARCHAR(64)  NOT NULL,
    lineage               VARCHAR(96)  NOT NULL,
    role                  VARCHAR(16)  NOT NULL,   -- ORIGIN (a person logged it here) | REPLICA
    state                 VARCHAR(16)  NOT NULL,   -- PENDING | LIVE | DELETED
    local_worklog_id      BIGINT,
    local_issue_id        BIGINT,
    last_version          TIMESTAMPTZ,             -- newest source version applied or published
    last_hash             VARCHAR(64),             -- content hash this site's worklog had when in step
    last_core_hash        VARCHAR(64),             -- the same without attributes (webhook payloads lack them)
    pending_hash          VARCHAR(64),             -- content hash of a write in flight (PENDING)
    pending_core_hash     VARCHAR(64),
    last_idempotency_key  VARCHAR(64),
    created_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT lineage_link_natural UNIQUE (connection, site, lineage)
);
CREATE UNIQUE INDEX lineage_link_local ON lineage_link (connection, site, local_worklog_id)
    WHERE local_worklog_id IS NOT NULL;
CREATE INDEX lineage_link_pending ON lineage_link (connection, site, local_issue_id) WHERE state = 'PENDING';

-- Tempo webhook subscriptions the outbound service registered, with the secret that verifies them.
CREATE TABLE webhook_subscription (
    site             VARCHAR(64)  NOT NULL,
    event            VARCHAR(64)  NOT NULL,
    subscription_id  BIGINT       NOT NULL,
    url              VARCHAR(1024) NOT NULL,
    shared_secret    VARCHAR(256) NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (site, event)
);

-- How far each change feed of a site has been read; a restart resumes from here.
CREATE TABLE poll_watermark (
    site        VARCHAR(64) NOT NULL,
    feed        VARCHAR(32) NOT NULL,              -- WORKLOGS | DELETIONS
    watermark   TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (site, feed)
);

-- Explicit issue pairs of a connection, e.g. jca ESC-1 <-> jcb SUP-7; looked up in both directions.
CREATE TABLE issue_pairing (
    id            BIGSERIAL PRIMARY KEY,
    connection    VARCHAR(64)  NOT NULL,
    site_a        VARCHAR(64)  NOT NULL,
    issue_key_a   VARCHAR(64)  NOT NULL,
    site_b        VARCHAR(64)  NOT NULL,
    issue_key_b   VARCHAR(64)  NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT issue_pairing_a UNIQUE (connection, site_a, issue_key_a, site_b),
    CONSTRAINT issue_pairing_b UNIQUE (connection, site_b, issue_key_b, site_a)
);

-- Explicit author mappings: a source account to the account that logs on the target site.
CREATE TABLE author_mapping (
    id                 BIGSERIAL PRIMARY KEY,
    connection         VARCHAR(64)  NOT NULL,
    target_site        VARCHAR(64)  NOT NULL,
    source_account_id  VARCHAR(128) NOT NULL,
    target_account_id  VARCHAR(128) NOT NULL,
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT author_mapping_natural UNIQUE (connection, target_site, source_account_id)
);

-- The last decision for each author, with the strategy that made it: a cache and an audit.
CREATE TABLE author_decision (
    connection         VARCHAR(64)  NOT NULL,
    target_site        VARCHAR(64)  NOT NULL,
    source_account_id  VARCHAR(128) NOT NULL,
    target_account_id  VARCHAR(128) NOT NULL,
    strategy           VARCHAR(32)  NOT NULL,      -- MAPPING | SAME_ACCOUNT | EMAIL | FALLBACK
    reason             VARCHAR(512) NOT NULL,
    decided_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (connection, target_site, source_account_id)
);

-- Events that could not be applied yet (issue not paired, closed period, permission...), per lineage,
-- in arrival order. Later events of a parked lineage wait here behind it.
CREATE TABLE parked_event (
    id               BIGSERIAL PRIMARY KEY,
    connection       VARCHAR(64)   NOT NULL,
    site             VARCHAR(64)   NOT NULL,
    lineage          VARCHAR(96)   NOT NULL,
    event_id         VARCHAR(64)   NOT NULL,
    idempotency_key  VARCHAR(64)   NOT NULL,
    payload          TEXT          NOT NULL,
    reason           VARCHAR(1024) NOT NULL,
    attempts         INT           NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ   NOT NULL,
    parked_at        TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX parked_event_lineage ON parked_event (connection, site, lineage, id);
CREATE INDEX parked_event_due ON parked_event (connection, site, next_attempt_at);

-- What happened to each lineage on each site, newest last; pruned to a bounded length.
CREATE TABLE lineage_history (
    id          BIGSERIAL PRIMARY KEY,
    connection  VARCHAR(64)   NOT NULL,
    site        VARCHAR(64)   NOT NULL,
    lineage     VARCHAR(96)   NOT NULL,
    at          TIMESTAMPTZ   NOT NULL DEFAULT now(),
    action      VARCHAR(32)   NOT NULL,
    detail      VARCHAR(2048) NOT NULL
);
CREATE INDEX lineage_history_lineage ON lineage_history (connection, site, lineage, id);
