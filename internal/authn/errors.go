package authn

import "github.com/rampart-iam/rampart/internal/errs"

// The gateway errors of shared/reference/ram.md §6.2, with the messages Alibaba Cloud publishes.
// Their HTTP statuses are chosen where errors are mapped to the wire (package openapi).

func missingParameter(name string) error {
	return errs.E(errs.Invalid, "MissingParameter",
		"The input parameter %q that is mandatory for processing this request is not supplied.", name)
}

// missingCommon is the gateway's answer to an RPC request without one of the common parameters
// it checks itself (AccessKeyId, Signature, SignatureMethod, SignatureVersion, SignatureNonce,
// Timestamp): "Missing<Name>", as Alibaba Cloud's API gateway answers (MissingTimestamp,
// MissingSignature, MissingAccessKeyId, MissingSecurityToken), not the MissingParameter an
// action's own parameters get.
func missingCommon(name string) error {
	return errs.E(errs.Invalid, "Missing"+name, "%s is mandatory for this action.", name)
}

func incompleteSignature(why string) error {
	return errs.E(errs.Unauthenticated, "IncompleteSignature",
		"The request signature does not conform to Aliyun standards. %s", why)
}

func signatureDoesNotMatch(stringToSign string) error {
	// The SDKs look for "server string to sign is:" and compare what follows with their own, to
	// tell a wrong secret (same string) from a canonicalization bug (different string).
	return errs.E(errs.Unauthenticated, "SignatureDoesNotMatch",
		"Specified signature is not matched with our calculation. server string to sign is:%s", stringToSign)
}

func timestampFormat(ts string) error {
	return errs.E(errs.Unauthenticated, "InvalidTimeStamp.Format",
		"Specified time stamp or date value %q is not well formatted.", ts)
}

func timestampExpired() error {
	return errs.E(errs.Unauthenticated, "InvalidTimeStamp.Expired",
		"Specified time stamp or date value is expired.")
}

func nonceUsed() error {
	return errs.E(errs.Unauthenticated, "SignatureNonceUsed", "Specified signature nonce was used already.")
}

// The messages of the three credential errors below are those Alibaba Cloud's STS documentation
// lists for its gateway (docs-repo "STS常见问题及排查"), which RAM shares.

func keyNotFound() error {
	return errs.E(errs.Unauthenticated, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
}

func keyInactive() error {
	return errs.E(errs.Unauthenticated, "InvalidAccessKeyId.Inactive", "Specified access key is disabled.")
}

func missingSecurityToken() error {
	return errs.E(errs.Unauthenticated, "MissingSecurityToken", "SecurityToken is mandatory for this action.")
}

func tokenExpired() error {
	return errs.E(errs.Unauthenticated, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.")
}

func contentMD5Mismatch() error {
	return errs.E(errs.Invalid, "InvalidParameter.ContentMD5",
		"The Content-MD5 header does not match the request body.")
}

func contentSHA256Mismatch() error {
	return errs.E(errs.Invalid, "InvalidParameter.ContentSHA256",
		"The x-acs-content-sha256 header does not match the request body.")
}

func duplicateParameter(err error) error {
	e := errs.E(errs.Invalid, "InvalidParameter", "%v.", err)
	e.Err = err
	return e
}
