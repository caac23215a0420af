// Package secrets holds Rampart's cryptographic building blocks: the master key kept outside the
// database, the AES-256-GCM box that encrypts AccessKey secrets and TOTP seeds at rest, argon2id
// password hashes in PHC form, the generators for account IDs, entity IDs, AccessKey pairs and
// request IDs, and the Secret string type that redacts itself in logs, fmt and JSON.
//
// AccessKey secrets are encrypted, not hashed, because RPC signature verification (HMAC-SHA1)
// needs the plaintext; passwords are hashed because nothing ever needs them back.
//
// Nothing here reads flags or environment variables; callers pass paths and readers.
package secrets
