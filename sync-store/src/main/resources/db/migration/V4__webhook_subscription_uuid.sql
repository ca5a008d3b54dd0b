-- Tempo's webhook subscription ids are UUID strings, not numbers.
ALTER TABLE webhook_subscription
  ALTER COLUMN subscription_id TYPE VARCHAR(64) USING subscription_id::text;
