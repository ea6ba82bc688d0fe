-- Idempotency keys: what a client's key created, per account and route,
-- written in the same transaction as the created row and kept for a day
-- (see forum.OnceTTL; expired rows are swept and may be replaced).
-- Only the key's hash is stored. nonce derives a token's secret from the
-- key (forum.CreateTokenKeyed).
CREATE TABLE idempotency_keys (
    user_id    BIGINT NOT NULL,
    route      TEXT   NOT NULL,
    key_hash   TEXT   NOT NULL,
    created_id BIGINT NOT NULL,
    thread_id  BIGINT NOT NULL DEFAULT 0,
    nonce      TEXT   NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, route, key_hash)
);

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
