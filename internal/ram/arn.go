package ram

// Resource ARNs that operations are authorized on, in the form of RAM's authorization tables
// (https://www.alibabacloud.com/help/doc-detail/102666.htm): region "*", then the account.
// Identities' own ARNs (a role's Arn, a caller's ARN) have an empty region; see package authz.

func userARN(account, name string) string  { return "acs:ram:*:" + account + ":user/" + name }
func groupARN(account, name string) string { return "acs:ram:*:" + account + ":group/" + name }
func roleARN(account, name string) string  { return "acs:ram:*:" + account + ":role/" + name }
func mfaARN(account, name string) string   { return "acs:ram:*:" + account + ":mfa/" + name }

// customPolicyARN and systemPolicyARN name policies; system policies belong to no account.
func customPolicyARN(account, name string) string { return "acs:ram:*:" + account + ":policy/" + name }
func systemPolicyARN(name string) string          { return "acs:ram:*:system:policy/" + name }

// accountARN is the resource of account-wide settings: password policy, security preference,
// alias.
func accountARN(account string) string { return "acs:ram:*:" + account + ":*" }

// resourceGroupARN names a resource group ("*" for every one), as the ResourceGroup resource
// type of ram:DeleteResourceGroup's authorization table writes it.
func resourceGroupARN(account, id string) string {
	return "acs:ram:*:" + account + ":resourcegroup/" + id
}

// serialNumber is a virtual MFA device's SerialNumber, as RAM returns it.
func serialNumber(account, name string) string { return "acs:ram::" + account + ":mfa/" + name }
