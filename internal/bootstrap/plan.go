package bootstrap

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/rampart-iam/rampart/internal/secrets"
)

// Where the root credentials of a new account came from (logged and audited).
const (
	sourceGenerated   = "generated"
	sourceEnvironment = "environment"
	sourceFile        = "root-credentials.json"
	sourceMixed       = "environment+generated"
)

// plan is what create will store.
type plan struct {
	accountID string
	creds     Credentials
	source    string
	file      credentialsFile
	writeFile bool
}

// makePlan chooses each value: provided by the operator, else left in the credentials file by
// an interrupted first start, else generated. A leftover file is never rewritten, so it must
// hold everything that would otherwise be generated.
func makePlan(opts Options) (plan, error) {
	left, err := readCredentialsFile(opts.CredentialsFile)
	haveLeft := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return plan{}, fmt.Errorf("%w; nothing was stored yet, so delete the file to start afresh", err)
	}
	var p plan
	c := opts.Provided
	generated, provided := false, c.AccessKeyID != "" || !c.Password.IsZero()
	var missing []string

	p.accountID = left.AccountId
	if !haveLeft {
		p.accountID = opts.IDs.AccountID()
	}
	switch {
	case c.AccessKeyID != "":
	case haveLeft && left.AccessKeySecret != "":
		c.AccessKeyID, c.AccessKeySecret = left.AccessKeyId, secrets.Secret(left.AccessKeySecret)
	case haveLeft:
		missing = append(missing, "AccessKeySecret")
	default:
		c.AccessKeyID, c.AccessKeySecret = opts.IDs.AccessKeyID(), opts.IDs.AccessKeySecret()
		p.file.AccessKeySecret, generated = c.AccessKeySecret.Reveal(), true
	}
	switch {
	case !c.Password.IsZero():
	case haveLeft && left.Password != "":
		c.Password = secrets.Secret(left.Password)
	case haveLeft:
		missing = append(missing, "Password")
	default:
		c.Password = opts.IDs.Password()
		p.file.Password, generated = c.Password.Reveal(), true
	}
	if len(missing) > 0 {
		return plan{}, fmt.Errorf("%s is left from an interrupted first start but lacks %v; delete it "+
			"(nothing was stored yet) or set the matching RAMPART_ROOT_* variables", opts.CredentialsFile, missing)
	}
	p.creds = c
	p.file.AccountId, p.file.AccessKeyId = p.accountID, c.AccessKeyID
	p.writeFile = generated
	switch {
	case haveLeft:
		p.source = sourceFile
	case generated && provided:
		p.source = sourceMixed
	case generated:
		p.source = sourceGenerated
	default:
		p.source = sourceEnvironment
	}
	return p, nil
}
