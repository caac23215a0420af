-- The root identity's console password, as an argon2id PHC string ('' for none).
ALTER TABLE accounts ADD COLUMN root_password_hash TEXT COLLATE "C" NOT NULL DEFAULT '';
