package ram

import (
	"context"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// Deleting a service-linked role. Resource Manager deletes asynchronously: DeleteServiceLinkedRole
// returns a task, and the service the role is linked to is asked whether it still uses the role.
// Rampart asks at once (the RoleUsageFunc given to New), so a task is finished when it is
// returned: SUCCEEDED, the role and its policy gone, or FAILED, the role kept, with the usages
// that kept it. GetServiceLinkedRoleDeletionStatus reports the task later.

// RoleUsageFunc reports where the service a service-linked role is linked to still uses it, as
// the linked service answers RAM before its role is deleted: an empty answer lets the deletion
// go ahead. It reads through r, the deletion's own transaction.
type RoleUsageFunc func(ctx context.Context, r store.Reader, role store.Role) ([]store.RoleUsage, error)

// Option configures a Service beyond New's required dependencies.
type Option func(*Service)

// WithRoleUsage sets how DeleteServiceLinkedRole learns whether a role is still in use.
// Without it no service-linked role is ever in use.
func WithRoleUsage(f RoleUsageFunc) Option {
	return func(s *Service) { s.roleUsage = f }
}

// DeletionStatus is what GetServiceLinkedRoleDeletionStatus reports of a task.
type DeletionStatus struct {
	Status  string // "SUCCEEDED" or "FAILED"
	Message string // why it failed
	Usages  []RoleUsage
}

// RoleUsage is where a service still uses its service-linked role: a region and the ARNs of
// the resources there. It is the store's record as it is.
type RoleUsage = store.RoleUsage

// DeletionTaskInput names a deletion task.
type DeletionTaskInput struct {
	RequestID      string
	DeletionTaskID string
}

// deletionTaskPrefix starts every deletion task ID:
// task/acs-service-role/<service name>/<role name>/<uuid>.
const deletionTaskPrefix = "task/acs-service-role/"

// DeleteServiceLinkedRole deletes a service-linked role unless its service still uses it
// (ram:DeleteServiceLinkedRole on the role, with ram:ServiceName in the request), and returns
// the ID of the deletion task. EntityNotExist.Role for no role, EntityNotExist.ServiceLinkedRole
// for a role that is not service-linked.
func (s *Service) DeleteServiceLinkedRole(ctx context.Context, c *authz.Caller, in RoleInput) (string, error) {
	if err := s.checkRoleName(in.RoleName); err != nil {
		return "", err
	}
	account := s.accountID()
	k := s.begin(c, "ram:DeleteServiceLinkedRole", in.RequestID)
	var taskID string
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		ro, arn, err := findRole(ctx, tx, account, in.RoleName)
		if err != nil {
			return err
		}
		if ro.ServiceName == "" {
			if err := k.allow(arn); err != nil {
				return err
			}
			if ro.ID == "" {
				return errNoRole()
			}
			return notExist("EntityNotExist.ServiceLinkedRole", "This role exists but is not a Service Linked Role.")
		}
		k.Detail = serviceDetail(ro.ServiceName)
		if err := k.allowForService(ro.ServiceName, arn); err != nil {
			return err
		}
		task := store.RoleDeletionTask{ID: deletionTaskPrefix + ro.ServiceName + "/" + ro.Name + "/" + strings.ToLower(s.ids.RequestID()),
			RoleName: ro.Name, ServiceName: ro.ServiceName, Status: store.DeletionSucceeded, CreateDate: s.clock()}
		taskID = task.ID
		if s.roleUsage != nil {
			if task.Usages, err = s.roleUsage(ctx, tx, ro); err != nil {
				return wrapf(err, "ask %s whether it uses role %s", ro.ServiceName, ro.Name)
			}
		}
		if len(task.Usages) > 0 {
			task.Status = store.DeletionFailed
			task.Message = "Service-Linked Role " + serviceLinkedARN(account, ro.Name) + " cannot be deleted as it is in use by " + ro.ServiceName + "."
			return tx.CreateRoleDeletionTask(ctx, task)
		}
		atts, err := tx.ListAttachments(ctx, store.AttachmentFilter{PrincipalType: store.PrincipalRole, PrincipalID: ro.ID})
		if err != nil {
			return wrapf(err, "list the policies of role %s", ro.Name)
		}
		for _, a := range atts {
			if err := tx.Detach(ctx, a); err != nil {
				return err
			}
		}
		if err := tx.DeleteRole(ctx, ro.ID); err != nil {
			return err
		}
		return tx.CreateRoleDeletionTask(ctx, task)
	})
	if err != nil {
		return "", err
	}
	return taskID, nil
}

// GetServiceLinkedRoleDeletionStatus reports a deletion task
// (ram:GetServiceLinkedRoleDeletionStatus on the role the task deletes).
// EntityNotExist.ServiceLinkedRole.DeletionTask for an unknown task.
func (s *Service) GetServiceLinkedRoleDeletionStatus(ctx context.Context, c *authz.Caller, in DeletionTaskInput) (DeletionStatus, error) {
	id := in.DeletionTaskID
	switch {
	case id == "":
		return DeletionStatus{}, missing("DeletionTaskId")
	case len(id) < 26 || len(id) > 255:
		return DeletionStatus{}, errorf("InvalidParameter.DeletionTaskId.Length", "The length of DeletionTaskId must be between 26 and 255 characters.")
	}
	parts := strings.Split(strings.TrimPrefix(id, deletionTaskPrefix), "/")
	if !strings.HasPrefix(id, deletionTaskPrefix) || len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return DeletionStatus{}, errorf("InvalidParameter.DeletionTaskId", "The DeletionTaskId is invalid.")
	}
	k := s.begin(c, "ram:GetServiceLinkedRoleDeletionStatus", in.RequestID)
	var out DeletionStatus
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		if err := k.allow(roleARN(s.accountID(), parts[1])); err != nil {
			return err
		}
		task, err := r.GetRoleDeletionTask(ctx, id)
		if notFound(err) {
			return notExist("EntityNotExist.ServiceLinkedRole.DeletionTask", "The deletion task for the given ID does not exist.")
		} else if err != nil {
			return wrapf(err, "read deletion task %s", id)
		}
		out = DeletionStatus{Status: task.Status, Message: task.Message, Usages: task.Usages}
		return nil
	})
	return out, err
}

// serviceLinkedARN is a service-linked role's ARN as Alibaba Cloud shows it: the role name in
// lower case (acs:ram::<account>:role/aliyunserviceroleforpaieas).
func serviceLinkedARN(account, name string) string {
	return authz.RoleARN(account, strings.ToLower(name))
}
