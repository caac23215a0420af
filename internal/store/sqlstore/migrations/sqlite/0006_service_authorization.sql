-- PAI service authorization: service-linked roles (roles.service_name), the services activated
-- for the account, AccessKeys of platform services, and DeleteServiceLinkedRole's tasks.

ALTER TABLE roles ADD COLUMN service_name TEXT NOT NULL DEFAULT '';

CREATE TABLE activations (
    service       TEXT PRIMARY KEY,
    activated_by  TEXT NOT NULL,
    activate_date INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE service_credentials (
    access_key_id     TEXT PRIMARY KEY,
    service_name      TEXT NOT NULL,
    secret_ciphertext BLOB NOT NULL,
    create_date       INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX service_credentials_service ON service_credentials (service_name, create_date);

-- usages is a JSON array of {"Region", "Resources"}.
CREATE TABLE role_deletion_tasks (
    id           TEXT PRIMARY KEY,
    role_name    TEXT NOT NULL,
    service_name TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('SUCCEEDED', 'FAILED')),
    message      TEXT NOT NULL,
    usages       TEXT NOT NULL,
    create_date  INTEGER NOT NULL
) WITHOUT ROWID;
