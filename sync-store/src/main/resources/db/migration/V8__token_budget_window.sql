-- The token's budget becomes a window: the last turns handed out (as many as the token's rate per
-- second), so a turn is free when the one that many turns back is a window old. An idle token
-- then answers a short run of calls at once (a start-up's registrations, a new issue's lookups)
-- instead of spacing each after the one before, and every second still holds at most the rate.
-- next_free now only holds every caller back (a 429's Retry-After).
ALTER TABLE token_budget ADD COLUMN recent timestamptz[] NOT NULL DEFAULT '{}';
