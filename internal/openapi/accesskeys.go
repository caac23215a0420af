package openapi

import (
	"context"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
)

// accessKeys is the part of the RAM domain this file serves. UserName is optional throughout:
// without it a RAM user manages its own keys.
type accessKeys interface {
	CreateAccessKey(context.Context, *authz.Caller, ram.UserInput) (ram.AccessKey, error)
	UpdateAccessKey(context.Context, *authz.Caller, ram.UpdateAccessKeyInput) error
	DeleteAccessKey(context.Context, *authz.Caller, ram.AccessKeyInput) error
	ListAccessKeys(context.Context, *authz.Caller, ram.UserInput) ([]ram.AccessKey, error)
	GetAccessKeyLastUsed(context.Context, *authz.Caller, ram.AccessKeyInput) (time.Time, error)
}

type wAccessKey struct {
	AccessKeyId     string
	AccessKeySecret string `json:",omitempty" xml:",omitempty"` // CreateAccessKey only
	Status          string
	CreateDate      string `json:",omitempty" xml:",omitempty"`
}

func wireAccessKey(k ram.AccessKey) wAccessKey {
	return wAccessKey{AccessKeyId: k.ID, AccessKeySecret: k.Secret.Reveal(), Status: k.Status, CreateDate: wireTime(k.CreateDate)}
}

type accessKeyResponse struct {
	meta
	AccessKey wAccessKey
}

type listAccessKeysResponse struct {
	meta
	AccessKeys struct{ AccessKey []wAccessKey }
}

type accessKeyLastUsedResponse struct {
	meta
	AccessKeyLastUsed struct {
		LastUsedDate string `json:",omitempty" xml:",omitempty"`
	}
}

func selfInput(k *call) ram.UserInput {
	return ram.UserInput{RequestID: k.requestID, UserName: k.p.String("UserName")}
}

func accessKeyInput(k *call) ram.AccessKeyInput {
	return ram.AccessKeyInput{RequestID: k.requestID, UserName: k.p.String("UserName"), UserAccessKeyID: k.p.Required("UserAccessKeyId")}
}

func accessKeyActions() []action {
	return []action{
		{name: "CreateAccessKey", summary: "Create an AccessKey pair for a RAM user (or yourself); the secret is shown once",
			write: true, handle: op(selfInput, RAM.CreateAccessKey, func(k ram.AccessKey) response {
				return &accessKeyResponse{AccessKey: wireAccessKey(k)}
			})},
		{name: "UpdateAccessKey", summary: "Activate or deactivate an AccessKey", write: true,
			handle: exec(func(k *call) ram.UpdateAccessKeyInput {
				return ram.UpdateAccessKeyInput{RequestID: k.requestID, UserName: k.p.String("UserName"),
					UserAccessKeyID: k.p.Required("UserAccessKeyId"), Status: k.p.Required("Status")}
			}, RAM.UpdateAccessKey)},
		{name: "DeleteAccessKey", summary: "Delete an AccessKey", write: true, handle: exec(accessKeyInput, RAM.DeleteAccessKey)},
		{name: "ListAccessKeys", summary: "List the AccessKeys of a RAM user (or yourself), without secrets",
			handle: op(selfInput, RAM.ListAccessKeys, func(ks []ram.AccessKey) response {
				r := &listAccessKeysResponse{}
				r.AccessKeys.AccessKey = nonNil(mapList(ks, wireAccessKey))
				return r
			})},
		{name: "GetAccessKeyLastUsed", summary: "Show when an AccessKey last signed a request",
			handle: op(accessKeyInput, RAM.GetAccessKeyLastUsed, func(t time.Time) response {
				r := &accessKeyLastUsedResponse{}
				r.AccessKeyLastUsed.LastUsedDate = wireTime(t)
				return r
			})},
	}
}
