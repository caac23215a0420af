package openapi

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/sts"
)

// STS is the STS domain as the wire layer uses it; *sts.Service implements it.
type STS interface {
	AssumeRole(context.Context, *authz.Caller, sts.AssumeRoleInput) (sts.AssumeRoleResult, error)
	GetCallerIdentity(*authz.Caller) sts.Identity
}

type wCredentials struct {
	AccessKeyId     string
	AccessKeySecret string
	SecurityToken   string
	Expiration      string
}

type wAssumedRoleUser struct {
	Arn           string
	AssumedRoleId string
}

type assumeRoleResponse struct {
	meta
	Credentials     wCredentials
	AssumedRoleUser wAssumedRoleUser
	SourceIdentity  string `json:",omitempty" xml:",omitempty"`
}

type callerIdentityResponse struct {
	meta
	IdentityType string
	AccountId    string
	Arn          string
	PrincipalId  string
	UserId       string `json:",omitempty" xml:",omitempty"`
	RoleId       string `json:",omitempty" xml:",omitempty"`
}

func stsActions() []action {
	return []action{
		{name: "AssumeRole", summary: "Get temporary credentials (an STS token) for a RAM role",
			handle: func(ctx context.Context, k *call) (response, error) {
				in := sts.AssumeRoleInput{RequestID: k.requestID, RoleArn: k.p.Required("RoleArn"),
					RoleSessionName: k.p.Required("RoleSessionName"), Policy: k.p.String("Policy"),
					DurationSeconds: k.p.Positive("DurationSeconds"), ExternalID: k.p.String("ExternalId"),
					SourceIdentity: k.p.String("SourceIdentity")}
				if err := k.p.Err(); err != nil {
					return nil, err
				}
				r, err := k.sts.AssumeRole(ctx, k.caller, in)
				if err != nil {
					return nil, err
				}
				c := r.Credentials
				return &assumeRoleResponse{
					Credentials: wCredentials{AccessKeyId: c.AccessKeyID, AccessKeySecret: c.AccessKeySecret.Reveal(),
						SecurityToken: c.SecurityToken, Expiration: wireTime(c.Expiration)},
					AssumedRoleUser: wAssumedRoleUser{Arn: r.AssumedRoleUser.ARN, AssumedRoleId: r.AssumedRoleUser.AssumedRoleID},
					SourceIdentity:  r.SourceIdentity,
				}, nil
			}},
		{name: "GetCallerIdentity", summary: "Show who the credentials belong to (account root, RAM user or role session)",
			handle: func(_ context.Context, k *call) (response, error) {
				id := k.sts.GetCallerIdentity(k.caller)
				return &callerIdentityResponse{IdentityType: id.IdentityType, AccountId: id.AccountID, Arn: id.ARN,
					PrincipalId: id.PrincipalID, UserId: id.UserID, RoleId: id.RoleID}, nil
			}},
	}
}
