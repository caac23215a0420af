-- Web console sessions (store.ConsoleSession): only the SHA-256 of the session ID is kept.
CREATE TABLE console_sessions (
    id_hash     TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    user_id     TEXT COLLATE "C" NOT NULL,
    stage       TEXT COLLATE "C" NOT NULL,
    mfa         BOOLEAN NOT NULL,
    create_date BIGINT NOT NULL,
    last_seen   BIGINT NOT NULL,
    expires     BIGINT NOT NULL
);
CREATE INDEX console_sessions_expires ON console_sessions (expires);
