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
	each(d.DeletedPolicies, w.deletePolicy)
	each(d.Policies, w.putPolicy)
	each(d.DeletedRoles, w.deleteRole)
	each(d.Roles, w.putRole)
	each(d.DeletedGroups, w.deleteGroup)
	each(d.Groups, w.putGroup)
	each(d.DeletedUsers, w.deleteUser)
	each(d.Users, w.putUser)
	each(d.Attachments, w.setAttachments)
	each(d.DeletedWorkspaces, w.deleteWorkspace)
	each(d.Workspaces, w.putWorkspace)
	if err := w.finish(); err != nil {
		return nil, fmt.Errorf("apply changes of revision %d to the snapshot of revision %d: %w", d.Revision, s.revision, err)
	}
	return &next, nil
}
