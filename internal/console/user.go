package console

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// A user's page: its groups, permissions, AccessKeys and MFA device, each read with the
// caller's own permissions, so a section the caller may not read shows RAM's denial while the
// others still show.

type userData struct {
	AccountID string
	User      ram.User
	Notice    string
	Problem   *problem // of the last action

	Groups        []ram.UserGroup
	GroupsProblem *problem
	AllGroups     []ram.Group // to add the user to: the groups it is not in
	GroupsListed  bool        // false: the caller may not list groups, so it names the one to add

	Policies        []ram.AttachedPolicy
	PoliciesProblem *problem

	AccessKeys  []ram.AccessKey
	KeysProblem *problem
	NewKey      *ram.AccessKey // just created: its secret, shown once

	Login        *ram.LoginProfile
	LoginProblem *problem

	MFA        *ram.MFADevice
	MFAProblem *problem
	NewMFA     *ram.NewVirtualMFADevice // just created, waiting to be bound
	MFAQRCode  template.URL
}

func (h *Handler) user(v *visit) {
	d, err := h.loadUser(v, pathName(v.r))
	if err != nil {
		v.fail("User", err)
		return
	}
	d.Notice = v.notice()
	v.page(http.StatusOK, "user", "User "+d.User.Name, Prefix+"users", d)
}

func (h *Handler) loadUser(v *visit, name string) (*userData, error) {
	ctx, rid := v.r.Context(), v.requestID()
	u, err := h.ram.GetUser(ctx, v.caller, ram.UserInput{RequestID: rid, UserName: name})
	if err != nil {
		if errs.KindOf(err) != errs.Denied || !ownPage(v.caller, name) {
			return nil, err
		}
		// The account's security preference may let users manage their own AccessKeys, MFA
		// device and password without a policy, so their own page opens without ram:GetUser;
		// each section still shows only what the domain lets them read.
		u = ram.User{ID: v.caller.ID, Name: v.caller.Name}
	}
	in := ram.UserInput{RequestID: rid, UserName: u.Name}
	d := &userData{AccountID: h.account(), User: u}
	d.Groups, err = h.ram.ListGroupsForUser(ctx, v.caller, in)
	d.GroupsProblem = problemOf(err)
	if p, err := h.ram.ListGroups(ctx, v.caller, ram.PageInput{RequestID: rid, MaxItems: 1000}); err == nil {
		// Offered: the groups the user is not in (all of them when those cannot be read).
		d.GroupsListed = true
		for _, g := range p.Items {
			if !slices.ContainsFunc(d.Groups, func(ug ram.UserGroup) bool { return ug.Group.Name == g.Name }) {
				d.AllGroups = append(d.AllGroups, g)
			}
		}
	}
	d.Policies, err = h.ram.ListPoliciesForUser(ctx, v.caller, in)
	d.PoliciesProblem = problemOf(err)
	d.AccessKeys, err = h.ram.ListAccessKeys(ctx, v.caller, in)
	d.KeysProblem = problemOf(err)
	if lp, err := h.ram.GetLoginProfile(ctx, v.caller, in); err == nil {
		d.Login = &lp
	} else if errs.KindOf(err) != errs.NotFound {
		d.LoginProblem = problemOf(err)
	}
	if m, err := h.ram.GetUserMFAInfo(ctx, v.caller, in); err == nil {
		d.MFA = &m
	} else if errs.KindOf(err) != errs.NotFound {
		d.MFAProblem = problemOf(err)
	}
	return d, nil
}

// isBase32 reports whether s is a key as an MFA device's seed is written: Base32, unpadded.
func isBase32(s string) bool {
	return s != "" && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") == ""
}

// ownPage reports whether a user's page is the caller's own (names are unique whatever their case).
func ownPage(c *authz.Caller, name string) bool {
	return c != nil && c.Type == authz.User && strings.EqualFold(c.Name, name)
}

// userOp runs one action of a user's page. Actions whose result is shown once (a new
// AccessKey's secret, a new MFA device's seed) render the page; the others redirect to it.
func (h *Handler) userOp(v *visit) {
	name, op := pathName(v.r), v.r.PathValue("op")
	ctx, rid, f := v.r.Context(), v.requestID(), v.r.PostForm
	var (
		err    error
		done   string
		newKey *ram.AccessKey
		newMFA *ram.NewVirtualMFADevice
	)
	switch op {
	case "groups-add":
		group := strings.TrimSpace(f.Get("group")) // typed when the caller may not list groups
		err = h.ram.AddUserToGroup(ctx, v.caller, ram.MembershipInput{RequestID: rid, GroupName: group, UserName: name})
		done = "Added to group " + group + "."
	case "groups-remove":
		err = h.ram.RemoveUserFromGroup(ctx, v.caller, ram.MembershipInput{RequestID: rid, GroupName: f.Get("group"), UserName: name})
		done = "Removed from group " + f.Get("group") + "."
	case "detach":
		typ, pol := splitPolicy(f.Get("policy"))
		err = h.ram.DetachPolicyFromUser(ctx, v.caller, ram.AttachmentInput{RequestID: rid, PolicyType: typ, PolicyName: pol, PrincipalName: name})
		done = "Revoked " + pol + "."
	case "accesskey-create":
		var k ram.AccessKey
		if k, err = h.ram.CreateAccessKey(ctx, v.caller, ram.UserInput{RequestID: rid, UserName: name}); err == nil {
			newKey = &k
		}
	case "accesskey-status":
		err = h.ram.UpdateAccessKey(ctx, v.caller, ram.UpdateAccessKeyInput{RequestID: rid, UserName: name,
			UserAccessKeyID: f.Get("id"), Status: f.Get("status")})
		done = "AccessKey " + f.Get("id") + " is now " + f.Get("status") + "."
	case "accesskey-delete":
		err = h.ram.DeleteAccessKey(ctx, v.caller, ram.AccessKeyInput{RequestID: rid, UserName: name, UserAccessKeyID: f.Get("id")})
		done = "Deleted AccessKey " + f.Get("id") + "."
	case "mfa-create":
		var m ram.NewVirtualMFADevice
		if m, err = h.ram.EnableMFA(ctx, v.caller, ram.UserInput{RequestID: rid, UserName: name}); err == nil {
			newMFA = &m
		}
	case "mfa-bind":
		err = h.ram.BindMFADevice(ctx, v.caller, ram.BindMFADeviceInput{RequestID: rid, UserName: name,
			SerialNumber: f.Get("serial"), AuthenticationCode1: f.Get("code1"), AuthenticationCode2: f.Get("code2")})
		done = "The MFA device is bound."
		if err != nil && errs.KindOf(err) != errs.NotFound && isBase32(f.Get("seed")) {
			// The key is in the person's authenticator app by now: show it again (the form
			// carries it back, as the sign-in's binding step does), so that two new codes bind
			// the device, rather than only a new key. Only the serial number counts.
			newMFA = &ram.NewVirtualMFADevice{SerialNumber: f.Get("serial"), Base32StringSeed: secrets.Secret(f.Get("seed"))}
		}
	case "mfa-unbind":
		_, err = h.ram.DisableMFA(ctx, v.caller, ram.UserInput{RequestID: rid, UserName: name})
		done = "The MFA device is unbound."
	default:
		v.fail("User", notFoundf("There is no action %q.", op))
		return
	}
	if err == nil && newKey == nil && newMFA == nil {
		v.redirectDone(Prefix+"users/"+nameSegment(name), done)
		return
	}
	d, lerr := h.loadUser(v, name)
	if lerr != nil {
		v.failAction("User", err, lerr)
		return
	}
	d.Problem, d.NewKey, d.NewMFA = problemOf(err), newKey, newMFA
	if newMFA != nil && newMFA.QRCodePNG != nil {
		d.MFAQRCode = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(newMFA.QRCodePNG))
	}
	v.page(statusOf(err), "user", "User "+d.User.Name, Prefix+"users", d)
}
