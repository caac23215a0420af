-- PAI workspaces, their members and their resources. Members and a workspace's resource group
-- are not foreign keys: deleting a RAM user, role or resource group must not depend on PAI, and
-- a membership of a deleted principal grants nothing (a principal created later has another ID).
-- Lists (env_types, roles) are comma-separated; their items never contain a comma.

CREATE TABLE workspaces (
    id                TEXT COLLATE "C" PRIMARY KEY,
    name              TEXT COLLATE "C" NOT NULL,
    name_key          TEXT COLLATE "C" NOT NULL UNIQUE,
    display_name      TEXT COLLATE "C" NOT NULL,
    description       TEXT COLLATE "C" NOT NULL,
    env_types         TEXT COLLATE "C" NOT NULL,
    status            TEXT COLLATE "C" NOT NULL,
    creator_id        TEXT COLLATE "C" NOT NULL,
    resource_group_id TEXT COLLATE "C" NOT NULL,
    is_default        BOOLEAN NOT NULL,
    create_date       BIGINT NOT NULL,
    update_date       BIGINT NOT NULL
);
-- At most one default workspace.
CREATE UNIQUE INDEX workspaces_default ON workspaces (is_default) WHERE is_default;

CREATE TABLE workspace_members (
    workspace_id   TEXT COLLATE "C" NOT NULL REFERENCES workspaces (id),
    principal_type TEXT COLLATE "C" NOT NULL CHECK (principal_type IN ('User', 'Role')),
    principal_id   TEXT COLLATE "C" NOT NULL,
    roles          TEXT COLLATE "C" NOT NULL,
    create_date    BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, principal_id)
);
CREATE INDEX workspace_members_principal ON workspace_members (principal_id);

CREATE TABLE workspace_resources (
    id            TEXT COLLATE "C" PRIMARY KEY,
    workspace_id  TEXT COLLATE "C" NOT NULL REFERENCES workspaces (id),
    name          TEXT COLLATE "C" NOT NULL,
    name_key      TEXT COLLATE "C" NOT NULL,
    group_name    TEXT COLLATE "C" NOT NULL,
    resource_type TEXT COLLATE "C" NOT NULL,
    env_type      TEXT COLLATE "C" NOT NULL,
    is_default    BOOLEAN NOT NULL,
    spec          TEXT COLLATE "C" NOT NULL,
    quotas        TEXT COLLATE "C" NOT NULL,
    create_date   BIGINT NOT NULL,
    UNIQUE (workspace_id, name_key)
);
