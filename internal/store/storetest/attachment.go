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
