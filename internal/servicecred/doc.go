// Package servicecred issues the credentials of the platform's own services. A PAI module runs
// as a service principal ("eas.pai.aliyuncs.com"), and a service principal acts on an account
// only through the roles the account lets it assume: its service-linked role or a service role
// whose trust policy names it. This package gives such a service an AccessKey that signs
// requests as that service principal (an authz.Caller of type Service), which authorization
// then allows nothing but sts:AssumeRole on roles that trust it; the session it gets is decided
// against the role's policies.
//
// Credentials are issued by the operator of the Rampart deployment, not through the API:
// `rampart service credentials create` opens the store itself, like `rampart backup`, so that
// minting an identity that can assume every service-linked role of the account takes access to
// the server's data and master key, not merely a stolen root AccessKey. The secret is shown
// once, when issued, and stored encrypted under the master key like every AccessKey secret.
//
// Signature verification finds these keys after RAM's own (see ForAuth); a key is revoked by
// deleting it, which takes effect on the next request on every node, since nothing caches it.
package servicecred
