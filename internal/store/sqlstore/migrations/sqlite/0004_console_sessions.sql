-- Web console sessions (store.ConsoleSession): only the SHA-256 of the session ID is kept.
CREATE TABLE console_sessions (
    id_hash     TEXT NOT NULL PRIMARY KEY,
    user_id     TEXT NOT NULL,
    stage       TEXT NOT NULL,
    mfa         BOOLEAN NOT NULL,
    create_date INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    expires     INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX console_sessions_expires ON console_sessions (expires);
