-- PAI workspaces, their members and their resources. Members and a workspace's resource group
-- are not foreign keys: deleting a RAM user, role or resource group must not depend on PAI, and
-- a membership of a deleted principal grants nothing (a principal created later has another ID).
-- Lists (env_types, roles) are comma-separated; their items never contain a comma.

CREATE TABLE workspaces (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    name_key          TEXT NOT NULL UNIQUE,
    display_name      TEXT NOT NULL,
    description       TEXT NOT NULL,
    env_types         TEXT NOT NULL,
    status            TEXT NOT NULL,
    creator_id        TEXT NOT NULL,
    resource_group_id TEXT NOT NULL,
    is_default        BOOLEAN NOT NULL,
    create_date       INTEGER NOT NULL,
    update_date       INTEGER NOT NULL
);
-- At most one default workspace.
CREATE UNIQUE INDEX workspaces_default ON workspaces (is_default) WHERE is_default;

CREATE TABLE workspace_members (
    workspace_id   TEXT NOT NULL REFERENCES workspaces (id),
    principal_type TEXT NOT NULL CHECK (principal_type IN ('User', 'Role')),
    principal_id   TEXT NOT NULL,
    roles          TEXT NOT NULL,
    create_date    INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, principal_id)
);
CREATE INDEX workspace_members_principal ON workspace_members (principal_id);

CREATE TABLE workspace_resources (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT NOT NULL REFERENCES workspaces (id),
    name          TEXT NOT NULL,
    name_key      TEXT NOT NULL,
    group_name    TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    env_type      TEXT NOT NULL,
    is_default    BOOLEAN NOT NULL,
    spec          TEXT NOT NULL,
    quotas        TEXT NOT NULL,
    create_date   INTEGER NOT NULL,
    UNIQUE (workspace_id, name_key)
);
