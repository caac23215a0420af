package authz

import "fmt"

// Apply returns the snapshot of revision d.Revision: s with every record of d written into it.
// It decides, explains and looks up exactly as Build would from the whole store at that
// revision, and costs work in proportion to what d touches: the new snapshot shares with s every
// entry d does not replace, and the per-principal evaluators compiled for them (see grantsFor).
// s is not changed and may go on serving.
//
// Deletions apply before writes, so an entity deleted and created again within d ends up
// written. Apply fails as Build does, when a document no longer parses or an attachment names a
// policy that does not exist, and also when d is older than s; the caller then rebuilds from
// the store.
func (s *Snapshot) Apply(d *Delta) (*Snapshot, error) {
	if d.Revision < s.revision {
		return nil, fmt.Errorf("apply changes of revision %d to the snapshot of revision %d: older than the snapshot", d.Revision, s.revision)
	}
	next := *s
	next.revision = d.Revision
	w := newPatch(&next, s, s)
	for _, name := range d.DeletedPolicies {
		w.deletePolicy(name)
	}
	for _, p := range d.Policies {
		w.putPolicy(p)
	}
	for _, id := range d.DeletedRoles {
		w.deleteRole(id)
	}
	for _, r := range d.Roles {
		w.putRole(r)
	}
	for _, id := range d.DeletedGroups {
		w.deleteGroup(id)
	}
	for _, g := range d.Groups {
		w.putGroup(g)
	}
	for _, id := range d.DeletedUsers {
		w.deleteUser(id)
	}
	for _, u := range d.Users {
		w.putUser(u)
	}
	for _, pa := range d.Attachments {
		w.setAttachments(pa)
	}
	for _, id := range d.DeletedWorkspaces {
		w.deleteWorkspace(id)
	}
	for _, ws := range d.Workspaces {
		w.putWorkspace(ws)
	}
	if err := w.finish(); err != nil {
		return nil, fmt.Errorf("apply changes of revision %d to the snapshot of revision %d: %w", d.Revision, s.revision, err)
	}
	return &next, nil
}
