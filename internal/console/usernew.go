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
	if !form.Console && (form.Password != "" || f.Get("confirm_password") != "") {
		// Else the password typed would be dropped without a word, and the user could not log on.
		fail(invalid("InvalidParameter.AccessMode", "A console password needs Console Access: select Console Access, or leave the password empty."))
		return
	}
	if form.Console && form.Password != "" && form.Password != f.Get("confirm_password") {
		fail(invalid("InvalidParameter.Password", "The passwords do not match."))
		return
	}
	// The user and what comes with it are made in one operation, so that bad input (a password
	// the policy refuses) or a call the caller may not make changes nothing and the form shows
	// again.
	in := ram.NewUserInput{CreateUserInput: ram.CreateUserInput{RequestID: v.requestID(), UserName: form.UserName,
		DisplayName: form.DisplayName, Comments: form.Comments}, PasswordResetRequired: form.Reset, AccessKey: form.AccessKey}
	if form.Console {
		in.Password = secrets.Secret(form.Password)
		if form.Password == "" {
			in.Password = secrets.NewIDGen(nil).Password()
		}
	}
	nu, err := h.ram.CreateUserWithAccess(v.r.Context(), v.caller, in)
	if err != nil {
		fail(err)
		return
	}
	d.User, d.AccessKey = &nu.User, nu.AccessKey
	if form.Console && form.Password == "" {
		d.Password = in.Password.Reveal() // generated: shown once
	}
	v.page(http.StatusOK, "user-new", "Create User", Prefix+"users", d)
}
