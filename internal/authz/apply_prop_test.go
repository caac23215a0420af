package authz_test

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/policy"
	"pgregory.net/rapid"
)

// TestApplyAsBuild is the differential test of Apply: a random account changes write by write;
// after each batch, the snapshot patched from the previous one must answer every question as a
// snapshot built from the whole account does. Before each patch the previous snapshot answers
// the same questions, so that every principal's grants are cached where the new snapshot might
// reuse them, and afterwards it must still answer as it did.
func TestApplyAsBuild(t *testing.T) {
	system := systemPolicies(t)
	systemNames := slices.Sorted(maps.Keys(system))
	rp := rolePermissions(t)
	rapid.Check(t, func(t *rapid.T) {
		w := newWorld()
		if rapid.IntRange(0, 4).Draw(t, "populated") > 0 {
			w.populate(t, systemNames)
		}
		current, err := authz.Build(w.data(1, rp), system, nil)
		if err != nil {
			t.Fatal(err)
		}
		for step := range rapid.IntRange(1, 12).Draw(t, "steps") {
			rev := int64(step + 2)
			next := w.clone()
			for range rapid.IntRange(1, 3).Draw(t, "writes") {
				next.write(t, systemNames)
			}
			qs := drawQuestions(t)
			before := answers(current, w, qs, systemNames)

			var prev *authz.Snapshot // a rebuild may borrow from the snapshot it replaces
			if rapid.Bool().Draw(t, "rebuild from the previous snapshot") {
				prev = current
			}
			built, buildErr := authz.Build(next.data(rev, rp), system, prev)
			applied, err := current.Apply(next.delta(t, w, rev))
			switch {
			case buildErr != nil && err == nil:
				t.Fatalf("step %d: Build refused (%v), Apply accepted", step, buildErr)
			case buildErr == nil && err != nil:
				t.Fatalf("step %d: Apply refused: %v", step, err)
			case err != nil:
				continue // the writes are refused; the account stays as it was
			}
			if diff := cmp.Diff(answers(built, next, qs, systemNames), answers(applied, next, qs, systemNames), answerOpts); diff != "" {
				t.Fatalf("step %d: patched snapshot differs from the built one (-built +patched):\n%s", step, diff)
			}
			for _, key := range readableKeys {
				if built.ReadsKey(key) && !applied.ReadsKey(key) {
					t.Fatalf("step %d: patched snapshot does not read %s", step, key)
				}
			}
			if diff := cmp.Diff(before, answers(current, w, qs, systemNames), answerOpts); diff != "" {
				t.Fatalf("step %d: the previous snapshot changed (-before +after):\n%s", step, diff)
			}
			current, w = applied, next
		}
	})
}

var answerOpts = cmp.Options{
	cmp.Comparer(func(a, b *authz.Permission) bool { return a == b }),
	cmp.Comparer(func(a, b *policy.Evaluator) bool { return a == b }),
	cmpopts.IgnoreUnexported(policy.Context{}),
}

var readableKeys = []string{"acs:SourceIp", "acs:PrincipalName", "acs:SecureTransport", "acs:CurrentTime"}

// question is one request, asked of every caller.
type question struct {
	req  authz.WorkspaceRequest
	role string // a role name for CanAssumeRole
}

func drawQuestions(t *rapid.T) []question {
	actions := []string{"oss:GetObject", "oss:DeleteObject", "oss:ListObjects", "ecs:DescribeInstances", "sts:AssumeRole",
		"paidlc:CreateJob", "paidlc:DeleteJob", "paiworkspace:ListMembers", "eas:ListServices"}
	resources := []string{"*", "acs:oss:*:*:b/keep/x", "acs:oss:*:" + account + ":bkt/data/x", "acs:oss:*:*:home/u1-a/f",
		"acs:ram::" + account + ":role/r1-x", "acs:paidlc:cn-hangzhou:" + account + ":workspace/w1/jobs/*"}
	qs := make([]question, rapid.IntRange(1, 3).Draw(t, "questions"))
	for i := range qs {
		r := &qs[i].req
		r.Action = rapid.SampledFrom(actions).Draw(t, "action")
		r.Resource = rapid.SampledFrom(resources).Draw(t, "resource")
		r.ResourceGroupID = rapid.SampledFrom(scopes).Draw(t, "request group")
		r.WorkspaceID = rapid.SampledFrom([]string{"", "w1", "w2", "w9"}).Draw(t, "request workspace")
		if rapid.Bool().Draw(t, "attributes") {
			r.Attributes = authz.ResourceAttributes{Accessibility: catalog.Private, Creator: "u1"}
		}
		if ip := rapid.SampledFrom([]string{"", "10.1.2.3", "192.168.0.1"}).Draw(t, "source ip"); ip != "" {
			r.Context.Set("acs:SourceIp", ip)
		}
		if tls := rapid.SampledFrom([]string{"", "true", "false"}).Draw(t, "secure transport"); tls != "" {
			r.Context.Set("acs:SecureTransport", tls)
		}
		r.Context.Set("acs:PrincipalName", rapid.SampledFrom([]string{"u1-a", "u2-B"}).Draw(t, "principal name"))
		qs[i].role = rapid.SampledFrom([]string{"r1-x", "R2-Y", "r3-x", "nope"}).Draw(t, "role")
	}
	return qs
}

// callers are every identity the pools can name, whether or not it exists in w: users and role
// sessions (with and without a session policy) as authentication would have made them, the
// root and a service.
func callers(w *world) []authz.Caller {
	session, err := policy.Parse([]byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:*","paidlc:*"],"Resource":"*"}]}`),
		policy.WithKind(policy.Session), policy.WithName("session"))
	if err != nil {
		panic(err)
	}
	narrow := policy.NewEvaluator(session)
	out := []authz.Caller{authz.RootCaller(account), {Type: authz.Service, Name: "eas.pai.aliyuncs.com", ARN: "eas.pai.aliyuncs.com"}}
	for _, id := range userIDs {
		name := id + "-a"
		if u, ok := w.users[id]; ok {
			name = u.Name
		}
		out = append(out, authz.Caller{Type: authz.User, AccountID: account, ID: id, Name: name, ARN: authz.UserARN(account, name)})
	}
	for _, id := range roleIDs {
		name := id + "-x"
		if r, ok := w.roles[id]; ok {
			name = r.Name
		}
		c := authz.Caller{Type: authz.RoleSession, AccountID: account, ID: id, Name: name, SessionName: "s", ARN: authz.AssumedRoleARN(account, name, "s")}
		out = append(out, c)
		c.SessionPolicy = narrow
		out = append(out, c)
	}
	return out
}

type answer struct {
	Q string
	A any
}

// answers asks s every question of every caller, and what it knows of every name.
func answers(s *authz.Snapshot, w *world, qs []question, systemNames []string) []answer {
	out := []answer{{"revision", s.Revision()}, {"account", s.AccountID()}}
	add := func(q string, a any) { out = append(out, answer{q, a}) }
	for _, id := range userIDs {
		for _, v := range []string{"a", "B", "c"} {
			name := id + "-" + v
			id, ok := s.User(name)
			add("User "+name, fmt.Sprint(id, ok))
			c, ok := s.CallerForARN(authz.UserARN(account, name))
			add("CallerForARN user "+name, []any{c, ok})
		}
	}
	for _, id := range roleIDs {
		for _, v := range []string{"x", "Y"} {
			name := id + "-" + v
			id, ok := s.Role(name)
			add("Role "+name, fmt.Sprint(id, ok))
			c, ok := s.CallerForARN(authz.AssumedRoleARN(account, name, "s"))
			add("CallerForARN role "+name, []any{c, ok})
		}
	}
	for _, id := range append(slices.Clone(workspaceIDs), "w9") {
		add("HasWorkspace "+id, s.HasWorkspace(id))
	}
	for _, c := range callers(w) {
		who := c.ARN
		if c.SessionPolicy != nil {
			who += " (session policy)"
		}
		add("MissingSystemPolicies "+who, s.MissingSystemPolicies(&c, systemNames))
		for _, id := range workspaceIDs {
			add("WorkspaceRoles "+who+" "+id, s.WorkspaceRoles(&c, id))
		}
		for i, q := range qs {
			tag := fmt.Sprintf("%s q%d ", who, i)
			add(tag+"Decide", s.Decide(&c, &q.req.Request))
			add(tag+"DecideWorkspace", s.DecideWorkspace(&c, &q.req))
			add(tag+"ExplainWorkspace", s.ExplainWorkspace(&c, &q.req))
			d, err := s.CanAssumeRole(&c, q.role, q.req.Context)
			add(tag+"CanAssumeRole "+q.role, []any{d, fmt.Sprint(err)})
		}
	}
	return out
}
