-- Rampart's schema on PostgreSQL. Times are Unix seconds (NULL: never); *_key columns hold lower-cased
-- names so names are unique case-insensitively; relations use IDs so renames touch one row.
-- Foreign keys default to NO ACTION: deleting a referenced row fails. Every text column uses the
-- "C" collation so ordering and markers are byte order, whatever the database's locale, exactly
-- as on SQLite.

CREATE TABLE revision (
    id             BIGINT PRIMARY KEY CHECK (id = 1),
    revision       BIGINT NOT NULL,
    pruned_through BIGINT NOT NULL DEFAULT 0
);
INSERT INTO revision (id, revision) VALUES (1, 0);

CREATE TABLE changes (
    revision BIGINT NOT NULL,
    seq      BIGINT NOT NULL,
    kind     TEXT COLLATE "C" NOT NULL,
    key      TEXT COLLATE "C" NOT NULL,
    op       TEXT COLLATE "C" NOT NULL CHECK (op IN ('put', 'delete')),
    PRIMARY KEY (revision, seq)
);

CREATE TABLE accounts (
    id                         TEXT COLLATE "C" PRIMARY KEY,
    singleton                  BIGINT NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1),
    alias                      TEXT COLLATE "C" NOT NULL DEFAULT '',
    create_date                BIGINT NOT NULL,
    pw_minimum_length          BIGINT NOT NULL,
    pw_require_lowercase       BOOLEAN NOT NULL,
    pw_require_uppercase       BOOLEAN NOT NULL,
    pw_require_numbers         BOOLEAN NOT NULL,
    pw_require_symbols         BOOLEAN NOT NULL,
    pw_hard_expiry             BOOLEAN NOT NULL,
    pw_max_age                 BIGINT NOT NULL,
    pw_reuse_prevention        BIGINT NOT NULL,
    pw_max_login_attempts      BIGINT NOT NULL,
    sp_enable_save_mfa_ticket  BOOLEAN NOT NULL,
    sp_allow_change_password   BOOLEAN NOT NULL,
    sp_allow_manage_access_keys BOOLEAN NOT NULL,
    sp_allow_manage_public_keys BOOLEAN NOT NULL,
    sp_allow_manage_mfa_devices BOOLEAN NOT NULL,
    sp_login_session_duration  BIGINT NOT NULL,
    sp_login_network_masks     TEXT COLLATE "C" NOT NULL
);

CREATE TABLE users (
    id              TEXT COLLATE "C" PRIMARY KEY,
    name            TEXT COLLATE "C" NOT NULL,
    name_key        TEXT COLLATE "C" NOT NULL UNIQUE,
    display_name    TEXT COLLATE "C" NOT NULL,
    email           TEXT COLLATE "C" NOT NULL,
    mobile_phone    TEXT COLLATE "C" NOT NULL,
    comments        TEXT COLLATE "C" NOT NULL,
    create_date     BIGINT NOT NULL,
    update_date     BIGINT NOT NULL,
    last_login_date BIGINT
);

CREATE TABLE groups (
    id          TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL,
    name_key    TEXT COLLATE "C" NOT NULL UNIQUE,
    comments    TEXT COLLATE "C" NOT NULL,
    create_date BIGINT NOT NULL,
    update_date BIGINT NOT NULL
);

CREATE TABLE group_members (
    group_id  TEXT COLLATE "C" NOT NULL REFERENCES groups (id),
    user_id   TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    join_date BIGINT NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE roles (
    id                   TEXT COLLATE "C" PRIMARY KEY,
    name                 TEXT COLLATE "C" NOT NULL,
    name_key             TEXT COLLATE "C" NOT NULL UNIQUE,
    description          TEXT COLLATE "C" NOT NULL,
    trust_policy         TEXT COLLATE "C" NOT NULL,
    max_session_duration BIGINT NOT NULL,
    create_date          BIGINT NOT NULL,
    update_date          BIGINT NOT NULL
);

CREATE TABLE policies (
    name_key        TEXT COLLATE "C" PRIMARY KEY,
    name            TEXT COLLATE "C" NOT NULL,
    description     TEXT COLLATE "C" NOT NULL,
    default_version TEXT COLLATE "C" NOT NULL,
    next_version    BIGINT NOT NULL DEFAULT 1,
    create_date     BIGINT NOT NULL,
    update_date     BIGINT NOT NULL
);

CREATE TABLE policy_versions (
    policy_key  TEXT COLLATE "C" NOT NULL REFERENCES policies (name_key),
    version     BIGINT NOT NULL,
    document    TEXT COLLATE "C" NOT NULL,
    create_date BIGINT NOT NULL,
    PRIMARY KEY (policy_key, version)
);

CREATE TABLE resource_groups (
    id           TEXT COLLATE "C" PRIMARY KEY,
    name         TEXT COLLATE "C" NOT NULL,
    name_key     TEXT COLLATE "C" NOT NULL UNIQUE,
    display_name TEXT COLLATE "C" NOT NULL,
    status       TEXT COLLATE "C" NOT NULL,
    create_date  BIGINT NOT NULL
);

CREATE TABLE resource_group_members (
    resource_arn      TEXT COLLATE "C" PRIMARY KEY,
    resource_group_id TEXT COLLATE "C" NOT NULL REFERENCES resource_groups (id)
);
CREATE INDEX resource_group_members_group ON resource_group_members (resource_group_id, resource_arn);

-- One row per attachment. principal_id repeats whichever of user_id/group_id/role_id is set;
-- those typed columns exist so foreign keys can protect principals, custom policies and
-- resource groups from being deleted while attached.
CREATE TABLE attachments (
    policy_type       TEXT COLLATE "C" NOT NULL CHECK (policy_type IN ('System', 'Custom')),
    policy_key        TEXT COLLATE "C" NOT NULL,
    policy_name       TEXT COLLATE "C" NOT NULL,
    custom_policy_key TEXT COLLATE "C" REFERENCES policies (name_key),
    principal_type    TEXT COLLATE "C" NOT NULL CHECK (principal_type IN ('User', 'Group', 'Role')),
    principal_id      TEXT COLLATE "C" NOT NULL,
    user_id           TEXT COLLATE "C" REFERENCES users (id),
    group_id          TEXT COLLATE "C" REFERENCES groups (id),
    role_id           TEXT COLLATE "C" REFERENCES roles (id),
    resource_group_id TEXT COLLATE "C" REFERENCES resource_groups (id),
    attach_date       BIGINT NOT NULL,
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
    id                TEXT COLLATE "C" PRIMARY KEY,
    user_id           TEXT COLLATE "C" REFERENCES users (id),
    secret_ciphertext BYTEA NOT NULL,
    status            TEXT COLLATE "C" NOT NULL CHECK (status IN ('Active', 'Inactive')),
    create_date       BIGINT NOT NULL,
    last_used_date    BIGINT
);
CREATE INDEX access_keys_user ON access_keys (user_id);

CREATE TABLE login_profiles (
    user_id                 TEXT COLLATE "C" PRIMARY KEY REFERENCES users (id),
    password_hash           TEXT COLLATE "C" NOT NULL,
    password_reset_required BOOLEAN NOT NULL,
    mfa_bind_required       BOOLEAN NOT NULL,
    create_date             BIGINT NOT NULL,
    update_date             BIGINT NOT NULL,
    password_change_date    BIGINT,
    failed_attempts         BIGINT NOT NULL DEFAULT 0,
    locked_until            BIGINT,
    password_history        TEXT COLLATE "C" NOT NULL -- JSON array of PHC strings, newest first
);

CREATE TABLE mfa_devices (
    serial_number   TEXT COLLATE "C" PRIMARY KEY,
    seed_ciphertext BYTEA NOT NULL,
    user_id         TEXT COLLATE "C" UNIQUE REFERENCES users (id),
    create_date     BIGINT NOT NULL,
    activate_date   BIGINT,
    last_time_step  BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE audit_log (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time          BIGINT NOT NULL,
    request_id    TEXT COLLATE "C" NOT NULL,
    principal_arn TEXT COLLATE "C" NOT NULL,
    action        TEXT COLLATE "C" NOT NULL,
    target        TEXT COLLATE "C" NOT NULL,
    result        TEXT COLLATE "C" NOT NULL,
    source_ip     TEXT COLLATE "C" NOT NULL,
    detail        TEXT COLLATE "C" NOT NULL
);
CREATE INDEX audit_log_principal ON audit_log (principal_arn, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE INDEX audit_log_time ON audit_log (time);

CREATE TABLE signature_nonces (
    access_key_id TEXT COLLATE "C" NOT NULL,
    nonce         TEXT COLLATE "C" NOT NULL,
    expires       BIGINT NOT NULL,
    PRIMARY KEY (access_key_id, nonce)
);
CREATE INDEX signature_nonces_expires ON signature_nonces (expires);
