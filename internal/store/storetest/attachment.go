package storetest

import (
	"context"
	"testing"

	"github.com/rampart-iam/rampart/internal/store"
)

func testAttachments(t *testing.T, s store.Store) {
	update(t, s, world)
	sysUser := attachment(store.PolicyTypeSystem, "AliyunOSSFullAccess", store.PrincipalUser, "u1", "")
	customGroup := attachment(store.PolicyTypeCustom, "ReadThings", store.PrincipalGroup, "g1", "")
	customRole := attachment(store.PolicyTypeCustom, "ReadThings", store.PrincipalRole, "r1", "rg1")
	// The same policy and principal at another scope is another attachment.
	sysUserScoped := attachment(store.PolicyTypeSystem, "AliyunOSSFullAccess", store.PrincipalUser, "u1", "rg2")
	sysRole := attachment(store.PolicyTypeSystem, "AliyunRAMReadOnlyAccess", store.PrincipalRole, "r1", "")
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := tx.Attach(ctx, sysUserScoped); err != nil {
			return err
		}
		return tx.Attach(ctx, sysRole)
	})

	account, rg1 := "", "rg1"
	cases := []struct {
		name   string
		filter store.AttachmentFilter
		want   []store.Attachment
	}{
		{"all", store.AttachmentFilter{}, []store.Attachment{customGroup, customRole, sysUser, sysUserScoped, sysRole}},
		{"custom", store.AttachmentFilter{PolicyType: store.PolicyTypeCustom}, []store.Attachment{customGroup, customRole}},
		{"by policy, any case", store.AttachmentFilter{PolicyType: store.PolicyTypeSystem, PolicyName: "aliyunossfullaccess"}, []store.Attachment{sysUser, sysUserScoped}},
		{"by principal", store.AttachmentFilter{PrincipalType: store.PrincipalRole, PrincipalID: "r1"}, []store.Attachment{customRole, sysRole}},
		{"account scope", store.AttachmentFilter{ResourceGroupID: &account}, []store.Attachment{customGroup, sysUser, sysRole}},
		{"resource group scope", store.AttachmentFilter{ResourceGroupID: &rg1}, []store.Attachment{customRole}},
		{"principal at account scope", store.AttachmentFilter{PrincipalType: store.PrincipalUser, PrincipalID: "u1", ResourceGroupID: &account}, []store.Attachment{sysUser}},
		{"no match", store.AttachmentFilter{PrincipalID: "nobody"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			view(t, s, func(ctx context.Context, r store.Reader) error {
				got, err := r.ListAttachments(ctx, c.filter)
				if err != nil {
					return err
				}
				same(t, "ListAttachments", got, c.want)
				n, err := r.CountAttachments(ctx, c.filter)
				if err != nil {
					return err
				}
				same(t, "CountAttachments", n, len(c.want))
				return nil
			})
		})
	}

	// Detach matches the key (any case of the name, any date).
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		a := sysUserScoped
		a.PolicyName, a.AttachDate = "ALIYUNOSSFULLACCESS", at(99)
		return tx.Detach(ctx, a)
	})
	same(t, "after detach", get(t, s, func(ctx context.Context, r store.Reader) ([]store.Attachment, error) {
		return r.ListAttachments(ctx, store.AttachmentFilter{PrincipalType: store.PrincipalUser, PrincipalID: "u1"})
	}), []store.Attachment{sysUser})
}

// testAttachmentCounts checks that CountAttachmentsByPolicy counts each policy of a batch as
// CountAttachments counts it alone: every principal type, account scope and each resource group
// alike, the name in any case, the type telling a system policy from a custom one of the same name.
func testAttachmentCounts(t *testing.T, s store.Store) {
	update(t, s, world)
	// Beside world's: ReadThings has 4 (g1, r1 in rg1, u1 in rg1 and in rg2), AliyunOSSFullAccess
	// has 1 (u1), AliyunRAMReadOnlyAccess 3 (r1, g1 in rg2, u2), and a system policy named like
	// the custom one has 1.
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		for _, a := range []store.Attachment{
			attachment(store.PolicyTypeCustom, "ReadThings", store.PrincipalUser, "u1", "rg1"),
			attachment(store.PolicyTypeCustom, "ReadThings", store.PrincipalUser, "u1", "rg2"),
			attachment(store.PolicyTypeSystem, "AliyunRAMReadOnlyAccess", store.PrincipalRole, "r1", ""),
			attachment(store.PolicyTypeSystem, "AliyunRAMReadOnlyAccess", store.PrincipalGroup, "g1", "rg2"),
			attachment(store.PolicyTypeSystem, "AliyunRAMReadOnlyAccess", store.PrincipalUser, "u2", ""),
			attachment(store.PolicyTypeSystem, "ReadThings", store.PrincipalUser, "u2", ""),
		} {
			if err := tx.Attach(ctx, a); err != nil {
				return err
			}
		}
		return nil
	})

	sys := func(name string) store.PolicyID { return store.PolicyID{Type: store.PolicyTypeSystem, Name: name} }
	custom := func(name string) store.PolicyID { return store.PolicyID{Type: store.PolicyTypeCustom, Name: name} }
	cases := []struct {
		name string
		ps   []store.PolicyID
		want []int
	}{
		{"none", nil, []int{}},
		{"one", []store.PolicyID{custom("ReadThings")}, []int{4}},
		{"a page", []store.PolicyID{sys("AliyunOSSFullAccess"), sys("AliyunRAMReadOnlyAccess"), sys("ReadThings"), custom("ReadThings")}, []int{1, 3, 1, 4}},
		{"any case, any order", []store.PolicyID{custom("READTHINGS"), sys("aliyunramreadonlyaccess")}, []int{4, 3}},
		{"unattached or missing", []store.PolicyID{sys("AliyunECSFullAccess"), custom("AliyunOSSFullAccess"), custom("Nothing")}, []int{0, 0, 0}},
		{"repeated", []store.PolicyID{custom("ReadThings"), sys("AliyunOSSFullAccess"), custom("readthings")}, []int{4, 1, 4}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			view(t, s, func(ctx context.Context, r store.Reader) error {
				got, err := r.CountAttachmentsByPolicy(ctx, c.ps)
				if err != nil {
					return err
				}
				same(t, "CountAttachmentsByPolicy", got, c.want)
				for i, p := range c.ps {
					n, err := r.CountAttachments(ctx, store.AttachmentFilter{PolicyType: p.Type, PolicyName: p.Name})
					if err != nil {
						return err
					}
					if i < len(got) && got[i] != n {
						t.Errorf("CountAttachmentsByPolicy(%v)[%d] = %d, CountAttachments = %d", c.ps, i, got[i], n)
					}
				}
				return nil
			})
		})
	}

	// A detach is counted at once, in the same Update.
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := tx.Detach(ctx, attachment(store.PolicyTypeCustom, "ReadThings", store.PrincipalUser, "u1", "rg2")); err != nil {
			return err
		}
		got, err := tx.CountAttachmentsByPolicy(ctx, []store.PolicyID{custom("ReadThings"), sys("ReadThings")})
		if err != nil {
			return err
		}
		same(t, "after detach", got, []int{3, 1})
		return nil
	})
}
