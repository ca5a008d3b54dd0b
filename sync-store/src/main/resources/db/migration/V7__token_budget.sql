-- One row per API token: when the token's next request may go. Every process and pod that uses the
-- token takes its turn from this row (SharedTokenBudget), so together they keep to the token's rate
-- whatever the number of replicas, and a 429 seen by one holds all of them back.
CREATE TABLE token_budget (
    token_key text PRIMARY KEY,
    next_free timestamptz NOT NULL
);
