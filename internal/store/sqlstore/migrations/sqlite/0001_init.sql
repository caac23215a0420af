-- Rampart's schema on SQLite. Times are Unix seconds (NULL: never); *_key columns hold lower-cased
-- names so names are unique case-insensitively; relations use IDs so renames touch one row.
-- Foreign keys (PRAGMA foreign_keys=1) default to NO ACTION: deleting a referenced row fails.

CREATE TABLE revision (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    revision       INTEGER NOT NULL,
    pruned_through INTEGER NOT NULL DEFAULT 0
);
INSERT INTO revision (id, revision) VALUES (1, 0);

CREATE TABLE changes (
    revision INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    kind     TEXT NOT NULL,
    key      TEXT NOT NULL,
    op       TEXT NOT NULL CHECK (op IN ('put', 'delete')),
    PRIMARY KEY (revision, seq)
) WITHOUT ROWID;

CREATE TABLE accounts (
    id                         TEXT PRIMARY KEY,
    singleton                  INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1),
    alias                      TEXT NOT NULL DEFAULT '',
    create_date                INTEGER NOT NULL,
    pw_minimum_length          INTEGER NOT NULL,
    pw_require_lowercase       BOOLEAN NOT NULL,
    pw_require_uppercase       BOOLEAN NOT NULL,
    pw_require_numbers         BOOLEAN NOT NULL,
    pw_require_symbols         BOOLEAN NOT NULL,
    pw_hard_expiry             BOOLEAN NOT NULL,
    pw_max_age                 INTEGER NOT NULL,
    pw_reuse_prevention        INTEGER NOT NULL,
    pw_max_login_attempts      INTEGER NOT NULL,
    sp_enable_save_mfa_ticket  BOOLEAN NOT NULL,
    sp_allow_change_password   BOOLEAN NOT NULL,
    sp_allow_manage_access_keys BOOLEAN NOT NULL,
    sp_allow_manage_public_keys BOOLEAN NOT NULL,
    sp_allow_manage_mfa_devices BOOLEAN NOT NULL,
    sp_login_session_duration  INTEGER NOT NULL,
    sp_login_network_masks     TEXT NOT NULL
);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    email           TEXT NOT NULL,
    mobile_phone    TEXT NOT NULL,
    comments        TEXT NOT NULL,
    create_date     INTEGER NOT NULL,
    update_date     INTEGER NOT NULL,
    last_login_date INTEGER
);

CREATE TABLE groups (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL UNIQUE,
    comments    TEXT NOT NULL,
    create_date INTEGER NOT NULL,
    update_date INTEGER NOT NULL
);

CREATE TABLE group_members (
    group_id  TEXT NOT NULL REFERENCES groups (id),
    user_id   TEXT NOT NULL REFERENCES users (id),
    join_date INTEGER NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE roles (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    name_key             TEXT NOT NULL UNIQUE,
    description          TEXT NOT NULL,
    trust_policy         TEXT NOT NULL,
    max_session_duration INTEGER NOT NULL,
    create_date          INTEGER NOT NULL,
    update_date          INTEGER NOT NULL
);

CREATE TABLE policies (
    name_key        TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    description     TEXT NOT NULL,
    default_version TEXT NOT NULL,
    next_version    INTEGER NOT NULL DEFAULT 1,
    create_date     INTEGER NOT NULL,
    update_date     INTEGER NOT NULL
);

CREATE TABLE policy_versions (
    policy_key  TEXT NOT NULL REFERENCES policies (name_key),
    version     INTEGER NOT NULL,
    document    TEXT NOT NULL,
    create_date INTEGER NOT NULL,
    PRIMARY KEY (policy_key, version)
);

CREATE TABLE resource_groups (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    status       TEXT NOT NULL,
    create_date  INTEGER NOT NULL
);

CREATE TABLE resource_group_members (
    resource_arn      TEXT PRIMARY KEY,
    resource_group_id TEXT NOT NULL REFERENCES resource_groups (id)
);
CREATE INDEX resource_group_members_group ON resource_group_members (resource_group_id, resource_arn);

-- One row per attachment. principal_id repeats whichever of user_id/group_id/role_id is set;
-- those typed columns exist so foreign keys can protect principals, custom policies and
-- resource groups from being deleted while attached.
CREATE TABLE attachments (
    policy_type       TEXT NOT NULL CHECK (policy_type IN ('System', 'Custom')),
    policy_key        TEXT NOT NULL,
    policy_name       TEXT NOT NULL,
    custom_policy_key TEXT REFERENCES policies (name_key),
    principal_type    TEXT NOT NULL CHECK (principal_type IN ('User', 'Group', 'Role')),
    principal_id      TEXT NOT NULL,
    user_id           TEXT REFERENCES users (id),
    group_id          TEXT REFERENCES groups (id),
    role_id           TEXT REFERENCES roles (id),
    resource_group_id TEXT REFERENCES resource_groups (id),
    attach_date       INTEGER NOT NULL,
    CHECK ((policy_type = 'Custom') = (custom_policy_key IS NOT NULL)),
    CHECK (custom_policy_key IS NULL OR custom_policy_key = policy_key),
    CHECK (COALESCE(user_id, group_id, role_id) = principal_id),
    CHECK ((principal_type = 'User') = (user_id IS NOT NULL)),
    CHECK ((principal_type = 'Group') = (group_id IS NOT NULL)),
    CHECK ((principal_type = 'Role') = (role_id IS NOT NULL))
);
CREATE UNIQUE INDEX attachments_key
    ON attachments (policy_type, policy_key, principal_type, principal_id, COALESCE(resource_group_id, ''));
CREATE INDEX attachments_principal ON attachments (principal_type, principal_id);
CREATE INDEX attachments_custom_policy ON attachments (custom_policy_key);
CREATE INDEX attachments_user ON attachments (user_id);
CREATE INDEX attachments_group ON attachments (group_id);
CREATE INDEX attachments_role ON attachments (role_id);
CREATE INDEX attachments_resource_group ON attachments (resource_group_id);

CREATE TABLE access_keys (
    id                TEXT PRIMARY KEY,
    user_id           TEXT REFERENCES users (id),
    secret_ciphertext BLOB NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
    create_date       INTEGER NOT NULL,
    last_used_date    INTEGER
);
CREATE INDEX access_keys_user ON access_keys (user_id);

CREATE TABLE login_profiles (
    user_id                 TEXT PRIMARY KEY REFERENCES users (id),
    password_hash           TEXT NOT NULL,
    password_reset_required BOOLEAN NOT NULL,
    mfa_bind_required       BOOLEAN NOT NULL,
    create_date             INTEGER NOT NULL,
    update_date             INTEGER NOT NULL,
    password_change_date    INTEGER,
    failed_attempts         INTEGER NOT NULL DEFAULT 0,
    locked_until            INTEGER,
    password_history        TEXT NOT NULL -- JSON array of PHC strings, newest first
);

CREATE TABLE mfa_devices (
    serial_number   TEXT PRIMARY KEY,
    seed_ciphertext BLOB NOT NULL,
    user_id         TEXT UNIQUE REFERENCES users (id),
    create_date     INTEGER NOT NULL,
    activate_date   INTEGER,
    last_time_step  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    time          INTEGER NOT NULL,
    request_id    TEXT NOT NULL,
    principal_arn TEXT NOT NULL,
    action        TEXT NOT NULL,
    target        TEXT NOT NULL,
    result        TEXT NOT NULL,
    source_ip     TEXT NOT NULL,
    detail        TEXT NOT NULL
);
CREATE INDEX audit_log_principal ON audit_log (principal_arn, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE INDEX audit_log_time ON audit_log (time);

CREATE TABLE signature_nonces (
    access_key_id TEXT NOT NULL,
    nonce         TEXT NOT NULL,
    expires       INTEGER NOT NULL,
    PRIMARY KEY (access_key_id, nonce)
) WITHOUT ROWID;
CREATE INDEX signature_nonces_expires ON signature_nonces (expires);
