package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
)

// pageNames are listed on every backend in the byte order of their lower-cased form, whatever
// the database's locale: '-' (0x2d) < '.' (0x2e) < '_' (0x5f).
func pageNames() []string { return []string{"b", "A", "a-b", "A.b", "a_b", "C-1", "c_2", "Zed", "y"} }

func sortedNames(extra ...string) []string {
	s := append(pageNames(), extra...)
	slices.SortFunc(s, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return s
}

func testPagination(t *testing.T, s store.Store) {
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		if err := tx.CreateGroup(ctx, newGroup("g0", "everyone")); err != nil {
			return err
		}
		if err := tx.CreateResourceGroup(ctx, newResourceGroup("rg0", "all-things")); err != nil {
			return err
		}
		for i, name := range pageNames() {
			id := fmt.Sprint(i + 1)
			for _, err := range []error{
				tx.CreateUser(ctx, newUser("u"+id, name)),
				tx.AddUserToGroup(ctx, store.Membership{GroupID: "g0", UserID: "u" + id, JoinDate: at(i)}),
				tx.CreateGroup(ctx, newGroup("g"+id, name)),
				tx.CreateRole(ctx, newRole("r"+id, name)),
				tx.CreatePolicy(ctx, newPolicy(name)),
				tx.CreateResourceGroup(ctx, newResourceGroup("rg"+id, name)),
				tx.CreateMFADevice(ctx, newMFADevice(name)),
				tx.AddResource(ctx, store.ResourceGroupMember{ResourceGroupID: "rg0", ResourceARN: "acs:oss:*:1:bucket/" + name}),
			} {
				if err != nil {
					return err
				}
			}
		}
		return nil
	})

	byName := sortedNames()
	// Serial numbers and ARNs are case-sensitive: plain byte order.
	byBytes := slices.Sorted(slices.Values(pageNames()))
	lists := []struct {
		name string
		want []string
		page func(ctx context.Context, r store.Reader, p store.Page) ([]string, string, error)
	}{
		{"users", byName, func(ctx context.Context, r store.Reader, p store.Page) ([]string, string, error) {
			return names(r.ListUsers(ctx, p))(func(u store.User) string { return u.Name })
		}},
		{"users of a group", byName, func(ctx context.Context, r store.Reader, p store.Page) ([]string, string, error) {
			return names(r.ListUsersForGroup(ctx, "g0", p))(func(m store.GroupMember) string { return m.User.Name })
		}},
		{"groups", sortedNames("everyone"), func(ctx context.Context, r store.Reader, p store.Page) ([]string, string, error) {
			return names(r.ListGroups(ctx, p))(func(g store.Group) string { return g.Name })
		}},
		{"roles", byName, func(ctx context.Context, r store.Reader, p store.Page) ([]string, string, error) {
			return names(r.ListRoles(ctx, p))(func(role store.Role) string { return role.Name })
		}},
		{"policies", byName, func(ctx context.Context, r store.Reader, p store.Page) ([]string, string, error) {
			return names(r.ListPolicies(ctx, p))(func(p store.Policy) string { return p.Name })
		}},
		{"resource groups", sortedNames("all-things"), func(ctx context.Context, r store.Reader, p store.Page) ([]string, string, error) {
			return names(r.ListResourceGroups(ctx, p))(func(g store.ResourceGroup) string { return g.Name })
		}},
		{"MFA devices", byBytes, func(ctx context.Context, r store.Reader, p store.Page) ([]string, string, error) {
			return names(r.ListMFADevices(ctx, p))(func(d store.VirtualMFADevice) string {
				return strings.TrimPrefix(d.SerialNumber, "acs:ram::"+accountID+":mfa/")
			})
		}},
		{"resources", byBytes, func(ctx context.Context, r store.Reader, p store.Page) ([]string, string, error) {
			return names(r.ListResources(ctx, "rg0", p))(func(m store.ResourceGroupMember) string {
				return strings.TrimPrefix(m.ResourceARN, "acs:oss:*:1:bucket/")
			})
		}},
	}
	for _, l := range lists {
		for _, limit := range []int{0, 1, 2, 4, len(l.want), len(l.want) + 1} {
			t.Run(fmt.Sprintf("%s/limit=%d", l.name, limit), func(t *testing.T) {
				var got []string
				marker := ""
				for pages := 0; ; pages++ {
					if pages > len(l.want)+1 {
						t.Fatalf("pagination does not end; so far %q", got)
					}
					var page []string
					var next string
					view(t, s, func(ctx context.Context, r store.Reader) (err error) {
						page, next, err = l.page(ctx, r, store.Page{Marker: marker, Limit: limit})
						return err
					})
					if limit > 0 && len(page) > limit {
						t.Fatalf("page of %d items with limit %d", len(page), limit)
					}
					got = append(got, page...)
					if next == "" {
						break
					}
					if len(page) == 0 {
						t.Fatalf("empty page with next marker %q", next)
					}
					marker = next
				}
				same(t, "all pages", got, l.want)
			})
		}
	}
}

// names adapts a list method's results to a list of names.
func names[T any](items []T, next string, err error) func(name func(T) string) ([]string, string, error) {
	return func(name func(T) string) ([]string, string, error) {
		var out []string
		for _, it := range items {
			out = append(out, name(it))
		}
		return out, next, err
	}
}

// testTimes checks that times come back in UTC with second precision, whatever went in, and that
// the zero time means "never".
func testTimes(t *testing.T, s store.Store) {
	east := time.FixedZone("UTC+8", 8*3600)
	u := newUser("u1", "alice")
	u.CreateDate = time.Date(2025, 6, 1, 20, 30, 40, 987654321, east)
	u.UpdateDate = time.Date(1999, 12, 31, 23, 59, 59, 1, time.UTC)
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.CreateUser(ctx, u) })
	got := get(t, s, func(ctx context.Context, r store.Reader) (store.User, error) { return r.GetUser(ctx, "u1") })
	same(t, "CreateDate", got.CreateDate, time.Date(2025, 6, 1, 12, 30, 40, 0, time.UTC))
	same(t, "UpdateDate", got.UpdateDate, time.Date(1999, 12, 31, 23, 59, 59, 0, time.UTC))
	if !got.LastLoginDate.IsZero() {
		t.Errorf("LastLoginDate = %v, want the zero time", got.LastLoginDate)
	}
	if got.CreateDate.Location() != time.UTC {
		t.Errorf("CreateDate location = %v, want UTC", got.CreateDate.Location())
	}
}
