package console

import (
	"net/http"
	"strings"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// Creating a user: its name, and how it may reach the account: console access (a password,
// given or generated) and/or a permanent AccessKey, whose secret the result shows once.

type newUserForm struct {
	UserName, DisplayName, Comments string
	Console, AccessKey, Reset       bool
	Password                        string
}

type newUserData struct {
	AccountID string
	Form      newUserForm
	Problem   *problem
	// After creation:
	User      *ram.User
	Password  string // a generated password, shown once
	AccessKey *ram.AccessKey
}

func (h *Handler) newUserPage(v *visit) {
	v.page(http.StatusOK, "user-new", "Create User", Prefix+"users", newUserData{AccountID: h.account(), Form: newUserForm{Console: true, Reset: true}})
}

func (h *Handler) newUser(v *visit) {
	f := v.r.PostForm
	form := newUserForm{UserName: strings.TrimSpace(f.Get("user_name")), DisplayName: f.Get("display_name"), Comments: f.Get("comments"),
		Console: f.Get("console") != "", AccessKey: f.Get("access_key") != "", Reset: f.Get("reset") != "", Password: f.Get("password")}
	d := newUserData{AccountID: h.account(), Form: form}
	fail := func(err error) {
		d.Problem = problemOf(err)
		v.page(statusOf(err), "user-new", "Create User", Prefix+"users", d)
	}
	if !form.Console && !form.AccessKey {
		fail(invalid("InvalidParameter.AccessMode", "Select at least one access mode: console access or a permanent AccessKey."))
		return
	}
	if form.Console && form.Password != "" && form.Password != f.Get("confirm_password") {
		fail(invalid("InvalidParameter.Password", "The passwords do not match."))
		return
	}
	ctx, rid := v.r.Context(), v.requestID()
	u, err := h.ram.CreateUser(ctx, v.caller, ram.CreateUserInput{RequestID: rid, UserName: form.UserName,
		DisplayName: form.DisplayName, Comments: form.Comments})
	if err != nil {
		fail(err)
		return
	}
	d.User = &u
	// undo deletes the user just created when what comes with it fails, so that bad input (a
	// password the policy refuses) changes nothing and the form shows again. A user that
	// already holds something (its login profile) stays, and the page says what was made.
	undo := func(err error) {
		if h.ram.DeleteUser(ctx, v.caller, ram.UserInput{RequestID: rid, UserName: u.Name}) == nil {
			d.User, d.Password = nil, ""
		}
		fail(err)
	}
	if form.Console {
		pw := secrets.Secret(form.Password)
		if form.Password == "" {
			pw = secrets.NewIDGen(nil).Password()
			d.Password = pw.Reveal()
		}
		if _, err := h.ram.CreateLoginProfile(ctx, v.caller, ram.CreateLoginProfileInput{RequestID: rid, UserName: u.Name,
			Password: pw, PasswordResetRequired: form.Reset}); err != nil {
			d.Password = ""
			undo(err)
			return
		}
	}
	if form.AccessKey {
		k, err := h.ram.CreateAccessKey(ctx, v.caller, ram.UserInput{RequestID: rid, UserName: u.Name})
		if err != nil {
			undo(err)
			return
		}
		d.AccessKey = &k
	}
	v.page(http.StatusOK, "user-new", "Create User", Prefix+"users", d)
}
