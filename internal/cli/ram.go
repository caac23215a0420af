package cli

// Help of `rampart ram`.
const (
	ramShort = "Call RAM actions: users, groups, roles, policies, AccessKeys, MFA, account settings"
	ramLong  = `Call Rampart's RAM API (Alibaba Cloud RAM, version 2015-05-01) the way the aliyun CLI
does: the action name, then its parameters with the API's names. Every call is signed with
your AccessKey and authorized by the server as ram:<Action>.`
	ramExample = `  rampart ram CreateUser --UserName alice --DisplayName Alice
  rampart ram ListUsers --MaxItems 10
  rampart ram CreatePolicy --PolicyName read-users \
    --PolicyDocument '{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:Get*","Resource":"*"}]}'
  rampart ram AttachPolicyToUser --PolicyType Custom --PolicyName read-users --UserName alice`
)

// Help of `rampart resourcemanager`.
const (
	resourceManagerShort = "Call Resource Manager actions: resource groups and resource-group-scoped grants"
	resourceManagerLong  = `Call Rampart's Resource Manager API (version 2020-03-31): create resource groups and grant
policies within one of them, so that a grant takes effect only on that group's resources; and
create and delete the service-linked roles of PAI's modules (see 'rampart pai' for the
Dependent Services view that creates them for you).`
	resourceManagerExample = `  rampart resourcemanager CreateResourceGroup --Name team-a --DisplayName "Team A"
  rampart resourcemanager AttachPolicy --ResourceGroupId rg-... --PolicyType System \
    --PolicyName AliyunPAIFullAccess --PrincipalType IMSUser --PrincipalName alice@<account>.onaliyun.com
  rampart resourcemanager CreateServiceLinkedRole --ServiceName eas.pai.aliyuncs.com
  rampart resourcemanager DeleteServiceLinkedRole --RoleName AliyunServiceRoleForPaiEas`
)
