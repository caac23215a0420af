package pai

import (
	"context"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// ListMembersInput holds ListMembers' query.
type ListMembersInput struct {
	RequestID   string
	WorkspaceID string
	Roles       []string // only members holding one of these roles
	MemberName  string   // only members whose name contains it, ignoring case
	Page
}

// MemberList is one page of members.
type MemberList struct {
	TotalCount int
	Members    []Member
}

// ListMembers lists a workspace's members (paiworkspace:ListMembers; every workspace role).
func (s *Service) ListMembers(ctx context.Context, c *authz.Caller, in ListMembersInput) (MemberList, error) {
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return MemberList{}, err
	}
	for _, r := range in.Roles {
		if err := s.checkRole("Roles", r); err != nil {
			return MemberList{}, err
		}
	}
	if err := checkText("MemberName", in.MemberName, maxMemberName); err != nil {
		return MemberList{}, err
	}
	k := s.begin(c, "ListMembers", in.RequestID)
	var out MemberList
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		w, err := s.workspace(ctx, k, r, in.WorkspaceID)
		if err != nil {
			return err
		}
		all, err := s.members(ctx, r, w.ID)
		if err != nil {
			return err
		}
		var ms []Member
		for _, m := range all {
			if len(in.Roles) > 0 && !slices.ContainsFunc(m.Roles, func(r string) bool { return slices.Contains(in.Roles, r) }) {
				continue
			}
			if in.MemberName != "" && !strings.Contains(strings.ToLower(m.Name), strings.ToLower(in.MemberName)) {
				continue
			}
			ms = append(ms, m)
		}
		lo, hi, err := s.bounds(in.Page, len(ms))
		if err != nil {
			return err
		}
		out = MemberList{TotalCount: len(ms), Members: ms[lo:hi]}
		return nil
	})
	return out, err
}

// GetMemberInput names a member by its UserId or its MemberId, one of the two.
type GetMemberInput struct {
	RequestID   string
	WorkspaceID string
	UserID      string
	MemberID    string
}

// GetMember returns one member (paiworkspace:GetMember; every workspace role).
func (s *Service) GetMember(ctx context.Context, c *authz.Caller, in GetMemberInput) (Member, error) {
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return Member{}, err
	}
	// The API takes exactly one of the two; a UserId beside a MemberId would otherwise win
	// silently, whoever the MemberId names.
	if in.UserID != "" && in.MemberID != "" {
		return Member{}, invalid("MemberId", "give UserId or MemberId, not both")
	}
	id := in.UserID
	if in.MemberID != "" {
		id = principalOf(in.WorkspaceID, in.MemberID)
	}
	if err := checkID("UserId", id); err != nil {
		return Member{}, err
	}
	k := s.begin(c, "GetMember", in.RequestID)
	var out Member
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		w, err := s.workspace(ctx, k, r, in.WorkspaceID)
		if err != nil {
			return err
		}
		out, err = s.member(ctx, r, w.ID, id)
		return err
	})
	return out, err
}

// member reads one member whose identity still exists.
func (s *Service) member(ctx context.Context, r store.Reader, ws, id string) (Member, error) {
	m, err := r.GetWorkspaceMember(ctx, ws, id)
	if notFound(err) {
		return Member{}, errNoMember()
	}
	if err != nil {
		return Member{}, wrapf(err, "read member %s", id)
	}
	p, ok, err := s.principal(ctx, r, m.PrincipalType, m.PrincipalID)
	if err != nil {
		return Member{}, err
	}
	if !ok {
		return Member{}, errNoMember()
	}
	return Member{MemberID: memberID(ws, id), WorkspaceID: ws, Principal: p, Roles: m.Roles, CreateTime: m.CreateDate}, nil
}

// principalOf is the principal ID in a MemberId ("<WorkspaceId>-<UserId>"); a bare UserId is
// accepted too.
func principalOf(ws, memberID string) string {
	if id, ok := strings.CutPrefix(memberID, ws+"-"); ok {
		return id
	}
	return memberID
}
