// Package bootstrap gives a new Rampart store its account and root credentials on first start,
// and on every later start checks that what is stored is usable with the master key at hand.
//
// The root credentials come from the operator (the cli layer reads RAMPART_ROOT_ACCESS_KEY_ID,
// RAMPART_ROOT_ACCESS_KEY_SECRET and RAMPART_ROOT_PASSWORD and passes them in Options.Provided)
// or are generated. Generated ones are written once to root-credentials.json (mode 0600) before
// the account is committed, so a crash between the two can never lose a secret that only the
// file holds; the next start finds the file and finishes the job with the same values. The file
// is never rewritten. The AccessKey secret is stored only encrypted (secrets.Box, with the
// AccessKeyId as associated data); the log names the file and the AccessKeyId, never a secret.
package bootstrap
