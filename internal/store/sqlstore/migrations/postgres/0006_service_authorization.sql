-- PAI service authorization: service-linked roles (roles.service_name), the services activated
-- for the account, AccessKeys of platform services, and DeleteServiceLinkedRole's tasks.

ALTER TABLE roles ADD COLUMN service_name TEXT COLLATE "C" NOT NULL DEFAULT '';

CREATE TABLE activations (
    service       TEXT COLLATE "C" PRIMARY KEY,
    activated_by  TEXT COLLATE "C" NOT NULL,
    activate_date BIGINT NOT NULL
);

CREATE TABLE service_credentials (
    access_key_id     TEXT COLLATE "C" PRIMARY KEY,
    service_name      TEXT COLLATE "C" NOT NULL,
    secret_ciphertext BYTEA NOT NULL,
    create_date       BIGINT NOT NULL
);
CREATE INDEX service_credentials_service ON service_credentials (service_name, create_date);

-- usages is a JSON array of {"Region", "Resources"}.
CREATE TABLE role_deletion_tasks (
    id           TEXT COLLATE "C" PRIMARY KEY,
    role_name    TEXT COLLATE "C" NOT NULL,
    service_name TEXT COLLATE "C" NOT NULL,
    status       TEXT COLLATE "C" NOT NULL CHECK (status IN ('SUCCEEDED', 'FAILED')),
    message      TEXT COLLATE "C" NOT NULL,
    usages       TEXT COLLATE "C" NOT NULL,
    create_date  BIGINT NOT NULL
);
