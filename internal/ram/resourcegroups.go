package ram

import (
	"context"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// resourceGroupStatuses are the statuses ListResourceGroups' Status filter takes: those Resource
// Manager's API reference gives a group, and the Deleted DeleteResourceGroup answers with.
// Rampart's groups are only ever OK (a deleted one is gone at once).
var resourceGroupStatuses = []string{"Creating", "OK", "PendingDelete", "Deleting", "Deleted"}

// Resource Manager's rules for resource groups (CreateResourceGroup's API reference, as updated
// in December 2025): names of 2 to 50 letters, digits and "-" starting with a letter, display
// names of 1 to 50 characters.
const (
	minResourceGroupName     = 2
	maxResourceGroupName     = 50
	maxResourceGroupDisplay  = 50
	resourceGroupPrefix      = "rg-"
	maxResourceGroupIDLength = 64
	resourceGroupOK          = "OK"
	resourceGroupDeleted     = "Deleted"
	defaultResourceGroupPage = 10
	maxResourceGroupPageSize = 100
)

// CreateResourceGroupInput holds CreateResourceGroup's parameters. DisplayName "" means Name.
type CreateResourceGroupInput struct {
	RequestID   string
	Name        string
	DisplayName string
}

// ResourceGroupInput names a resource group by ID (GetResourceGroup, DeleteResourceGroup).
type ResourceGroupInput struct {
	RequestID       string
	ResourceGroupID string
}

// UpdateResourceGroupInput holds UpdateResourceGroup's parameters.
type UpdateResourceGroupInput struct {
	RequestID       string
	ResourceGroupID string
	NewDisplayName  string
}

// ListResourceGroupsInput holds ListResourceGroups' paging (PageNumber from 1, 0 meaning 1;
// PageSize 1 to 100, 0 meaning 10) and filters, each empty for any: the groups' IDs, a part of
// the name or of the display name (ignoring case, Resource Manager's fuzzy match), the status,
// the tags.
type ListResourceGroupsInput struct {
	RequestID            string
	PageNumber, PageSize int
	IDs                  []string
	Name, DisplayName    string
	Status               string
	Tags                 []Tag
}

// matches reports whether g passes in's filters.
func (in *ListResourceGroupsInput) matches(g store.ResourceGroup) bool {
	return !filteredByTags(in.Tags) && (len(in.IDs) == 0 || slices.Contains(in.IDs, g.ID)) &&
		containsFold(g.Name, in.Name) && containsFold(g.DisplayName, in.DisplayName) &&
		(in.Status == "" || in.Status == g.Status)
}

func containsFold(s, part string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(part))
}

func resourceGroupView(g store.ResourceGroup, account string) ResourceGroup {
	return ResourceGroup{ID: g.ID, Name: g.Name, DisplayName: g.DisplayName, AccountID: account, Status: g.Status, CreateDate: g.CreateDate}
}

func checkResourceGroupID(id string) error {
	if id == "" {
		return missing("ResourceGroupId")
	}
	if !strings.HasPrefix(id, resourceGroupPrefix) || len(id) > maxResourceGroupIDLength || checkName("ResourceGroupId", id, maxResourceGroupIDLength, userNameChar) != nil {
		return errorf("InvalidParameter.ResourceGroupId", "The ResourceGroupId is invalid.")
	}
	return nil
}

// numberedPage checks PageNumber and PageSize and applies their defaults.
func numberedPage(number, size, defaultSize, maxSize int) (int, int, error) {
	if number == 0 {
		number = 1
	}
	if size == 0 {
		size = defaultSize
	}
	if number < 1 {
		return 0, 0, checkRange("PageNumber", number, 1, 1<<31-1)
	}
	if err := checkRange("PageSize", size, 1, maxSize); err != nil {
		return 0, 0, err
	}
	return number, size, nil
}

// resourceGroup finds a resource group and authorizes the call on it, with the resource group
// as the request's scope, so policies attached in that group apply to managing it.
func (k *call) resourceGroup(ctx context.Context, r store.Reader, id string) (store.ResourceGroup, error) {
	if err := k.allowInGroup(id, resourceGroupARN(k.s.accountID(), id)); err != nil {
		return store.ResourceGroup{}, err
	}
	g, err := r.GetResourceGroup(ctx, id)
	if notFound(err) {
		return store.ResourceGroup{}, errNoResourceGroup()
	} else if err != nil {
		return store.ResourceGroup{}, wrapf(err, "read resource group %s", id)
	}
	return g, nil
}

// CreateResourceGroup creates a resource group, a scope for policy attachments
// (ram:CreateResourceGroup on resourcegroup/*).
func (s *Service) CreateResourceGroup(ctx context.Context, c *authz.Caller, in CreateResourceGroupInput) (ResourceGroup, error) {
	if err := checkName("Name", in.Name, maxResourceGroupName, resourceGroupNameChar); err != nil {
		return ResourceGroup{}, err
	}
	if len(in.Name) < minResourceGroupName {
		return ResourceGroup{}, errorf("InvalidParameter.Name.Length", "The parameter - %q must be %d to %d characters long.", "Name", minResourceGroupName, maxResourceGroupName)
	}
	if c := in.Name[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return ResourceGroup{}, badFormat("Name", "it must start with a letter")
	}
	display := in.DisplayName
	if display == "" {
		display = in.Name
	}
	if err := checkText("DisplayName", display, maxResourceGroupDisplay); err != nil {
		return ResourceGroup{}, err
	}
	account := s.accountID()
	g := store.ResourceGroup{ID: resourceGroupPrefix + s.ids.EntityID(), Name: in.Name, DisplayName: display, Status: resourceGroupOK, CreateDate: s.clock()}
	k := s.begin(c, "ram:CreateResourceGroup", in.RequestID)
	k.Target = resourceGroupARN(account, g.ID)
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		if err := k.allow(resourceGroupARN(account, "*")); err != nil {
			return err
		}
		if _, err := tx.GetResourceGroupByName(ctx, g.Name); !notFound(err) {
			if err != nil {
				return wrapf(err, "read resource group %q", g.Name)
			}
			return alreadyExists("EntityAlreadyExists.ResourceGroup", "The resource group name already exists.")
		}
		n, err := tx.CountResourceGroups(ctx)
		if err != nil {
			return wrapf(err, "count resource groups")
		}
		if n >= s.limits.ResourceGroups {
			return limitExceeded("LimitExceeded.ResourceGroup", "resource groups", s.limits.ResourceGroups)
		}
		return tx.CreateResourceGroup(ctx, g)
	})
	if err != nil {
		return ResourceGroup{}, err
	}
	return resourceGroupView(g, account), nil
}

// GetResourceGroup returns a resource group (ram:GetResourceGroup on it).
func (s *Service) GetResourceGroup(ctx context.Context, c *authz.Caller, in ResourceGroupInput) (ResourceGroup, error) {
	if err := checkResourceGroupID(in.ResourceGroupID); err != nil {
		return ResourceGroup{}, err
	}
	k := s.begin(c, "ram:GetResourceGroup", in.RequestID)
	var g store.ResourceGroup
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) (err error) {
		g, err = k.resourceGroup(ctx, r, in.ResourceGroupID)
		return err
	})
	if err != nil {
		return ResourceGroup{}, err
	}
	return resourceGroupView(g, s.accountID()), nil
}

// ListResourceGroups lists the resource groups that pass in's filters by name, one numbered
// page at a time (ram:ListResourceGroups on resourcegroup/*).
func (s *Service) ListResourceGroups(ctx context.Context, c *authz.Caller, in ListResourceGroupsInput) (NumberedPage[ResourceGroup], error) {
	number, size, err := numberedPage(in.PageNumber, in.PageSize, defaultResourceGroupPage, maxResourceGroupPageSize)
	if err != nil {
		return NumberedPage[ResourceGroup]{}, err
	}
	if in.Status != "" && !slices.Contains(resourceGroupStatuses, in.Status) {
		return NumberedPage[ResourceGroup]{}, badValue("Status", "it must be one of "+strings.Join(resourceGroupStatuses, ", "))
	}
	k := s.begin(c, "ram:ListResourceGroups", in.RequestID)
	out := NumberedPage[ResourceGroup]{PageNumber: number, PageSize: size}
	err = s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		account := s.accountID()
		if err := k.allow(resourceGroupARN(account, "*")); err != nil {
			return err
		}
		// The quota keeps the list short: read it whole and cut the page out.
		all, _, err := r.ListResourceGroups(ctx, store.Page{})
		if err != nil {
			return wrapf(err, "list resource groups")
		}
		groups := slices.DeleteFunc(all, func(g store.ResourceGroup) bool { return !in.matches(g) })
		out.TotalCount = len(groups)
		for _, g := range pageOf(groups, number, size) {
			out.Items = append(out.Items, resourceGroupView(g, account))
		}
		return nil
	})
	if err != nil {
		return NumberedPage[ResourceGroup]{}, err
	}
	return out, nil
}

// pageOf returns page number (from 1) of size items.
func pageOf[T any](items []T, number, size int) []T {
	start := (number - 1) * size
	if start >= len(items) {
		return nil
	}
	return items[start:min(start+size, len(items))]
}

// UpdateResourceGroup changes a resource group's display name
// (ram:UpdateResourceGroup on it).
func (s *Service) UpdateResourceGroup(ctx context.Context, c *authz.Caller, in UpdateResourceGroupInput) (ResourceGroup, error) {
	if err := checkResourceGroupID(in.ResourceGroupID); err != nil {
		return ResourceGroup{}, err
	}
	if in.NewDisplayName == "" {
		return ResourceGroup{}, missing("NewDisplayName")
	}
	if err := checkText("NewDisplayName", in.NewDisplayName, maxResourceGroupDisplay); err != nil {
		return ResourceGroup{}, err
	}
	k := s.begin(c, "ram:UpdateResourceGroup", in.RequestID)
	var g store.ResourceGroup
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) (err error) {
		if g, err = k.resourceGroup(ctx, tx, in.ResourceGroupID); err != nil {
			return err
		}
		g.DisplayName = in.NewDisplayName
		return tx.UpdateResourceGroup(ctx, g)
	})
	if err != nil {
		return ResourceGroup{}, err
	}
	return resourceGroupView(g, s.accountID()), nil
}

// DeleteResourceGroup deletes an empty resource group (ram:DeleteResourceGroup on
// it) and returns it with status Deleted: unlike Alibaba Cloud, deletion is immediate.
// A group that still holds resources is DeleteConflict.ResourceGroup.Resource; one with policies
// attached in it is DeleteConflict.ResourceGroup.Policy (Rampart's code: Resource Manager
// documents none, and silently dropping grants would surprise).
func (s *Service) DeleteResourceGroup(ctx context.Context, c *authz.Caller, in ResourceGroupInput) (ResourceGroup, error) {
	if err := checkResourceGroupID(in.ResourceGroupID); err != nil {
		return ResourceGroup{}, err
	}
	k := s.begin(c, "ram:DeleteResourceGroup", in.RequestID)
	var g store.ResourceGroup
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) (err error) {
		if g, err = k.resourceGroup(ctx, tx, in.ResourceGroupID); err != nil {
			return err
		}
		if members, _, err := tx.ListResources(ctx, g.ID, store.Page{Limit: 1}); err != nil || len(members) > 0 {
			return conflictOr(err, "DeleteConflict.ResourceGroup.Resource",
				"Failed to delete the resource group because one or more cloud resources exist in the resource group. Try again later after you release the cloud resources.")
		}
		n, err := tx.CountAttachments(ctx, store.AttachmentFilter{ResourceGroupID: &g.ID})
		if err != nil || n > 0 {
			return conflictOr(err, "DeleteConflict.ResourceGroup.Policy", "Policies are still attached in the resource group.")
		}
		return tx.DeleteResourceGroup(ctx, g.ID)
	})
	if err != nil {
		return ResourceGroup{}, err
	}
	g.Status = resourceGroupDeleted
	return resourceGroupView(g, s.accountID()), nil
}
