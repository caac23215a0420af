package bootstrap

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

// ErrWrongMasterKey means the store was set up under another master key: a stored secret (a root
// AccessKey's, else a RAM user's AccessKey or an MFA device's seed) does not decrypt. Starting
// anyway would make every stored secret unusable, and seal new ones under a key the store's own
// is not.
var ErrWrongMasterKey = errors.New("the master key does not decrypt the stored secrets")

// Options are what Run needs besides the store.
type Options struct {
	// CredentialsFile is where generated root credentials are written (<data>/root-credentials.json).
	CredentialsFile string
	// Provided holds operator-chosen root credentials (from RAMPART_ROOT_*); empty fields are
	// generated. They matter on first start only.
	Provided Credentials
	// Box encrypts the root AccessKey secret. Required.
	Box *secrets.Box
	// IDs generates the account ID and any credentials not provided. Required.
	IDs *secrets.IDGen
	// Passwords hashes the root password on first start, to store it in the account
	// (Account.RootPasswordHash) for console sign-in and ChangePassword. When nil, no root
	// password is stored, and the root cannot sign in to the console or change its password.
	Passwords *secrets.PasswordHasher
	// Now is the clock for creation dates; nil means time.Now.
	Now func() time.Time
	// Logger receives what bootstrap did. Required.
	Logger *slog.Logger
}

// Root describes the account's root identity once Run has returned.
type Root struct {
	AccountID string
	// AccessKeyID is the root's oldest active AccessKey ("" if every root key was removed
	// through the API since).
	AccessKeyID string
	// Created reports whether this start created the account.
	Created bool
}

// Run makes sure the store has its account and root AccessKey, creating them on first start,
// and checks on every start that the master key in opts.Box decrypts the stored secrets
// (ErrWrongMasterKey otherwise). Several processes may run it at once against one database:
// one creates the account and the others adopt it.
func Run(ctx context.Context, st store.Store, opts Options) (Root, error) {
	if opts.Box == nil || opts.IDs == nil || opts.Logger == nil || opts.CredentialsFile == "" {
		return Root{}, errors.New("bootstrap: Box, IDs, Logger and CredentialsFile are required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if err := opts.Provided.Validate(); err != nil {
		return Root{}, fmt.Errorf("bootstrap: %w", err)
	}
	root, found, err := adopt(ctx, st, opts)
	if err != nil || found {
		return root, err
	}
	root, err = create(ctx, st, opts)
	if errors.Is(err, store.ErrExists) {
		// Another process created the account first: adopt it.
		if root, found, err := adopt(ctx, st, opts); found || err != nil {
			return root, err
		}
	}
	return root, err
}

// adopt reads an existing account and checks its root keys against the master key.
func adopt(ctx context.Context, st store.Store, opts Options) (root Root, found bool, err error) {
	var keys []store.AccessKey
	var other sealed
	var passwordHash string
	err = st.View(ctx, func(r store.Reader) error {
		a, err := r.GetAccount(ctx)
		if err != nil {
			return err
		}
		root.AccountID, passwordHash = a.ID, a.RootPasswordHash
		if keys, err = r.ListAccessKeys(ctx, ""); err != nil || len(keys) > 0 {
			return err
		}
		other, err = otherSecret(ctx, r)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return Root{}, false, nil
	}
	if err != nil {
		return Root{}, false, fmt.Errorf("bootstrap: read account: %w", err)
	}
	if err := other.check(opts.Box); err != nil {
		return Root{}, true, err
	}
	providedMatched := false
	for _, k := range keys {
		secret, err := opts.Box.OpenSecret(k.SecretCiphertext, k.ID)
		if err != nil {
			return Root{}, true, wrongMasterKey("root AccessKey " + k.ID)
		}
		if root.AccessKeyID == "" && k.Status == store.AccessKeyActive {
			root.AccessKeyID = k.ID
		}
		if k.ID == opts.Provided.AccessKeyID {
			providedMatched = secret == opts.Provided.AccessKeySecret
		}
	}
	if opts.Provided.AccessKeyID != "" && !providedMatched {
		opts.Logger.Warn("RAMPART_ROOT_ACCESS_KEY_ID/SECRET differ from the stored root AccessKey and are ignored: "+
			"they apply on first start only; manage root keys through the API",
			"account_id", root.AccountID, "provided_access_key_id", opts.Provided.AccessKeyID)
	}
	if !opts.Provided.Password.IsZero() && !samePassword(ctx, opts, passwordHash) {
		opts.Logger.Warn("RAMPART_ROOT_PASSWORD differs from the stored root password and is ignored: " +
			"it applies on first start only; change the root password through the console or ChangePassword")
	}
	opts.Logger.Info("using existing account", "account_id", root.AccountID, "root_access_key_id", root.AccessKeyID)
	return root, true, nil
}

func wrongMasterKey(secret string) error {
	return fmt.Errorf("bootstrap: %w (%s): this store was created with another master key; point "+
		"--master-key-file at that key (a restored backup needs the master.key of the data directory "+
		"it came from)", ErrWrongMasterKey, secret)
}

// sealed is a secret the store holds encrypted: its ciphertext, the owner it is sealed to and
// what it is, for the error.
type sealed struct {
	ciphertext []byte
	owner      string
	name       string
}

// check returns ErrWrongMasterKey when box does not open s; nil when there is no s.
func (s sealed) check(box *secrets.Box) error {
	if s.ciphertext == nil {
		return nil
	}
	if _, err := box.OpenSecret(s.ciphertext, s.owner); err != nil {
		return wrongMasterKey(s.name)
	}
	return nil
}

// CheckMasterKey reports whether box holds the master key the store's secrets are sealed under,
// as Run checks on every start: ErrWrongMasterKey when it is not, nil as well for a store that
// holds no secret yet. A command that seals secrets into the store without the server (rampart
// service credentials create) checks first, or it would issue credentials nobody can use.
func CheckMasterKey(ctx context.Context, st store.Store, box *secrets.Box) error {
	var s sealed
	err := st.View(ctx, func(r store.Reader) error {
		keys, err := r.ListAccessKeys(ctx, "")
		if err != nil || len(keys) > 0 {
			if err == nil {
				s = sealed{keys[0].SecretCiphertext, keys[0].ID, "root AccessKey " + keys[0].ID}
			}
			return err
		}
		s, err = otherSecret(ctx, r)
		return err
	})
	if err != nil {
		return fmt.Errorf("bootstrap: read the stored secrets: %w", err)
	}
	return s.check(box)
}

// otherSecret finds a secret sealed under the master key for a store whose root has no
// AccessKey (as RAM advises), so that the key is checked there too: an MFA device's seed, else
// the first RAM user's AccessKey found. Its ciphertext is nil when the store holds neither.
func otherSecret(ctx context.Context, r store.Reader) (sealed, error) {
	devices, _, err := r.ListMFADevices(ctx, store.Page{Limit: 1})
	if err != nil {
		return sealed{}, err
	}
	if len(devices) > 0 {
		d := devices[0]
		return sealed{d.SeedCiphertext, d.SerialNumber, "MFA device " + d.SerialNumber}, nil
	}
	for p := (store.Page{Limit: 100}); ; {
		users, next, err := r.ListUsers(ctx, p)
		if err != nil {
			return sealed{}, err
		}
		for _, u := range users {
			keys, err := r.ListAccessKeys(ctx, u.ID)
			if err != nil {
				return sealed{}, err
			}
			if len(keys) > 0 {
				return sealed{keys[0].SecretCiphertext, keys[0].ID, "AccessKey " + keys[0].ID}, nil
			}
		}
		if next == "" {
			return sealed{}, nil
		}
		p.Marker = next
	}
}

// samePassword reports whether the provided root password is the stored one, so that nodes
// all given the same RAMPART_ROOT_PASSWORD (as docs/production.md advises) start without a
// warning. It costs one password hash, once per start.
func samePassword(ctx context.Context, opts Options, hash string) bool {
	if opts.Passwords == nil || hash == "" {
		return false
	}
	ok, err := opts.Passwords.Verify(ctx, opts.Provided.Password, hash)
	return err == nil && ok
}

// create makes the account and the root AccessKey in one transaction, after writing any
// generated credentials to the credentials file.
func create(ctx context.Context, st store.Store, opts Options) (Root, error) {
	p, err := makePlan(opts)
	if err != nil {
		return Root{}, fmt.Errorf("bootstrap: %w", err)
	}
	if p.writeFile {
		if err := secrets.CreateSecretFile(opts.CredentialsFile, p.file.encode()); err != nil {
			return Root{}, fmt.Errorf("bootstrap: write root credentials: %w", err)
		}
	}
	now := opts.Now().UTC().Truncate(time.Second)
	account := newAccount(p.accountID, now)
	if opts.Passwords != nil {
		if account.RootPasswordHash, err = opts.Passwords.Hash(ctx, p.creds.Password); err != nil {
			return Root{}, fmt.Errorf("bootstrap: hash the root password: %w", err)
		}
	}
	key := store.AccessKey{
		ID:               p.creds.AccessKeyID,
		SecretCiphertext: opts.Box.SealSecret(p.creds.AccessKeySecret, p.creds.AccessKeyID),
		Status:           store.AccessKeyActive,
		CreateDate:       now,
	}
	_, err = st.Update(ctx, func(tx store.Tx) error {
		if err := tx.CreateAccount(ctx, account); err != nil {
			return err
		}
		if err := tx.CreateAccessKey(ctx, key); err != nil {
			return err
		}
		_, err := tx.AppendAudit(ctx, store.AuditRecord{
			Time:         now,
			PrincipalARN: rootARN(p.accountID),
			Action:       "rampart:Bootstrap",
			Target:       rootARN(p.accountID),
			Result:       "Success",
			Detail:       fmt.Sprintf(`{"AccessKeyId":%q,"Credentials":%q}`, key.ID, p.source),
		})
		return err
	})
	if err != nil {
		if p.writeFile && errors.Is(err, store.ErrExists) {
			// Another process won; our file describes credentials that were never stored.
			_ = os.Remove(opts.CredentialsFile)
		}
		return Root{}, fmt.Errorf("bootstrap: create account: %w", err)
	}
	attrs := []any{"account_id", p.accountID, "root_access_key_id", key.ID, "credentials", p.source}
	if p.writeFile || p.source == sourceFile {
		attrs = append(attrs, "credentials_file", opts.CredentialsFile)
	}
	opts.Logger.Info("created account", attrs...)
	if p.writeFile {
		opts.Logger.Info("root credentials were generated and written to " + opts.CredentialsFile +
			" (mode 0600); copy them somewhere safe and delete the file")
	}
	return Root{AccountID: p.accountID, AccessKeyID: key.ID, Created: true}, nil
}
