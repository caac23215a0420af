package ram_test

import (
	"github.com/rampart-iam/rampart/internal/store"
)

// state is everything a store holds, to show that a failed operation changed nothing.
type state struct {
	Revision       store.Revision
	Account        store.Account
	Users          []store.User
	Groups         []store.Group
	Members        []store.Membership
	Roles          []store.Role
	Policies       []store.Policy
	Versions       []store.PolicyVersion
	Attachments    []store.Attachment
	AccessKeys     []store.AccessKey
	LoginProfiles  []store.LoginProfile
	MFADevices     []store.VirtualMFADevice
	ResourceGroups []store.ResourceGroup
	Audit          []store.AuditRecord
}

func (e *env) state() state {
	e.t.Helper()
	var s state
	ctx := e.t.Context()
	err := e.Store.View(ctx, func(r store.Reader) (err error) {
		if s.Revision, err = r.Revision(ctx); err != nil {
			return err
		}
		if s.Account, err = r.GetAccount(ctx); err != nil {
			return err
		}
		if s.Users, _, err = r.ListUsers(ctx, store.Page{}); err != nil {
			return err
		}
		if s.Groups, _, err = r.ListGroups(ctx, store.Page{}); err != nil {
			return err
		}
		if s.Members, err = r.ListMemberships(ctx); err != nil {
			return err
		}
		if s.Roles, _, err = r.ListRoles(ctx, store.Page{}); err != nil {
			return err
		}
		if s.Policies, _, err = r.ListPolicies(ctx, store.Page{}); err != nil {
			return err
		}
		for _, p := range s.Policies {
			vs, err := r.ListPolicyVersions(ctx, p.Name)
			if err != nil {
				return err
			}
			s.Versions = append(s.Versions, vs...)
		}
		if s.Attachments, err = r.ListAttachments(ctx, store.AttachmentFilter{}); err != nil {
			return err
		}
		owners := []string{""}
		for _, u := range s.Users {
			owners = append(owners, u.ID)
		}
		for _, id := range owners {
			keys, err := r.ListAccessKeys(ctx, id)
			if err != nil {
				return err
			}
			s.AccessKeys = append(s.AccessKeys, keys...)
			if id == "" {
				continue
			}
			if p, err := r.GetLoginProfile(ctx, id); err == nil {
				s.LoginProfiles = append(s.LoginProfiles, p)
			} else if !notFound(err) {
				return err
			}
		}
		if s.MFADevices, _, err = r.ListMFADevices(ctx, store.Page{}); err != nil {
			return err
		}
		if s.ResourceGroups, _, err = r.ListResourceGroups(ctx, store.Page{}); err != nil {
			return err
		}
		s.Audit, err = r.ListAudit(ctx, store.AuditQuery{})
		return err
	})
	if err != nil {
		e.t.Fatalf("read the store: %v", err)
	}
	return s
}

// unchanged runs fn and fails the test if the store changed in any way, the audit trail included.
func (e *env) unchanged(what string, fn func()) {
	e.t.Helper()
	before := e.state()
	fn()
	same(e.t, what+": store after a failed operation", e.state(), before)
}
