package openapi

// RAM is the RAM and Resource Manager domain as the wire layer uses it; *ram.Service
// implements it. Each part is declared next to the handlers that use it.
type RAM interface {
	users
	groups
	policies
	attachments
	accessKeys
	loginProfiles
	mfa
	roles
	account
	resourceGroups
	serviceLinkedRoles
}

// product is one RPC product: its name as the SDK's requests carry it (also the metrics route
// prefix), its command name in the CLI, and its actions by name.
type product struct {
	name    string
	command string
	actions map[string]*action
}

// API versions Rampart answers, one per product.
const (
	RAMVersion             = "2015-05-01"
	STSVersion             = "2015-04-01"
	ResourceManagerVersion = "2020-03-31"
)

// products builds the dispatch tables, keyed by API version.
func products() map[string]*product {
	return map[string]*product{
		RAMVersion: newProduct("Ram", "ram",
			userActions(),
			groupActions(),
			policyActions(),
			attachmentActions(),
			accessKeyActions(),
			loginProfileActions(),
			mfaActions(),
			roleActions(),
			accountActions(),
		),
		STSVersion:             newProduct("Sts", "sts", stsActions()),
		ResourceManagerVersion: newProduct("ResourceManager", "resourcemanager", resourceManagerActions(), serviceLinkedRoleActions()),
	}
}

func newProduct(name, command string, groups ...[]action) *product {
	p := &product{name: name, command: command, actions: make(map[string]*action)}
	for _, g := range groups {
		for i := range g {
			if _, dup := p.actions[g[i].name]; dup {
				panic("openapi: action " + name + "." + g[i].name + " is defined twice")
			}
			g[i].route, g[i].root = name+"."+g[i].name, g[i].name+"Response"
			p.actions[g[i].name] = &g[i]
		}
	}
	return p
}
