package authz

// Build takes the account as tables (Data) and Apply as whole records (Delta). These turn the
// tables into records, so that both write snapshots with the same code (patch).

// usersWithGroups returns d's users, each with the groups d's memberships put it in.
func usersWithGroups(d *Data) []UserState {
	out := make([]UserState, len(d.Users))
	at := make(map[string]int, len(d.Users))
	for i, u := range d.Users {
		out[i].UserData = u
		at[u.ID] = i
	}
	for _, m := range d.Members {
		if i, ok := at[m.UserID]; ok {
			out[i].Groups = append(out[i].Groups, m.GroupID)
		}
	}
	return out
}

// attachmentsByPrincipal groups atts by the principal they attach to, in order of appearance,
// copying them once, into one array.
func attachmentsByPrincipal(atts []Attachment) []PrincipalAttachments {
	var out []PrincipalAttachments
	count := []int{}
	at := make(map[principalKey]int, len(atts))
	for _, a := range atts {
		k := principalKey{a.PrincipalType, a.PrincipalID}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, PrincipalAttachments{PrincipalType: a.PrincipalType, PrincipalID: a.PrincipalID})
			count = append(count, 0)
		}
		count[i]++
	}
	all := make([]Attachment, len(atts))
	for i, n := range count {
		out[i].Attachments, all = all[:0:n], all[n:]
	}
	for _, a := range atts {
		pa := &out[at[principalKey{a.PrincipalType, a.PrincipalID}]]
		pa.Attachments = append(pa.Attachments, a)
	}
	return out
}

// workspacesWhole returns d's workspaces with their members and resources; members and
// resources of workspaces d does not have are left out.
func workspacesWhole(d *Data) []WorkspaceState {
	out := make([]WorkspaceState, len(d.Workspaces))
	at := make(map[string]int, len(d.Workspaces))
	for i, w := range d.Workspaces {
		out[i].WorkspaceData = w
		at[w.ID] = i
	}
	for _, m := range d.WorkspaceMembers {
		if i, ok := at[m.WorkspaceID]; ok {
			out[i].Members = append(out[i].Members, m)
		}
	}
	for _, r := range d.WorkspaceResources {
		if i, ok := at[r.WorkspaceID]; ok {
			out[i].Resources = append(out[i].Resources, r)
		}
	}
	return out
}
