package workload

// The vocabulary the generator draws from. Read-only tables.

// service is one RAM service code with the ten actions and the resource types the workload uses.
type service struct {
	code       string
	actions    [10]string
	types      []string // resource types forming "<type>/<id>"; oss uses bucket paths instead
	infixes    []string // words that occur inside several action names, for "*Word*" patterns
	regionless bool     // RAM ARNs have an empty region ("acs:ram::<account>:user/alice")
}

var services = [...]service{
	{
		code: "ecs",
		actions: [10]string{"DescribeInstances", "DescribeDisks", "DescribeImages",
			"DescribeSecurityGroups", "RunInstances", "StartInstances", "StopInstances",
			"DeleteInstances", "CreateDisk", "ModifyInstanceVpcAttribute"},
		types:   []string{"instance", "disk", "image", "securitygroup"},
		infixes: []string{"Instance", "Vpc", "Disk"},
	},
	{
		code: "vpc",
		actions: [10]string{"CreateVpc", "DeleteVpc", "DescribeVpcs", "ModifyVpcAttribute",
			"CreateVSwitch", "DeleteVSwitch", "DescribeVSwitches", "AllocateEipAddress",
			"AssociateEipAddress", "DescribeRouteTables"},
		types:   []string{"vpc", "vswitch", "eip"},
		infixes: []string{"Vpc", "VSwitch", "Eip"},
	},
	{
		code: "rds",
		actions: [10]string{"DescribeDBInstances", "CreateDBInstance", "DeleteDBInstance",
			"RestartDBInstance", "DescribeBackups", "CreateBackup", "ModifySecurityIps",
			"DescribeSlowLogs", "ModifyDBInstanceSpec", "SwitchDBInstanceVpc"},
		types:   []string{"dbinstance"},
		infixes: []string{"DBInstance", "Vpc", "Backup"},
	},
	{
		code: "oss",
		actions: [10]string{"GetObject", "PutObject", "DeleteObject", "ListObjects",
			"GetBucketInfo", "PutBucketAcl", "ListBuckets", "GetObjectAcl", "PutObjectAcl",
			"DeleteBucket"},
		infixes: []string{"Object", "Bucket", "Acl"},
	},
	{
		code: "ram",
		actions: [10]string{"CreateUser", "DeleteUser", "GetUser", "ListUsers",
			"AttachPolicyToUser", "DetachPolicyFromUser", "CreateRole", "GetRole", "ListPolicies",
			"CreatePolicy"},
		types:      []string{"user", "role", "policy"},
		infixes:    []string{"User", "Policy", "Role"},
		regionless: true,
	},
}

var (
	regions  = [...]string{"cn-hangzhou", "cn-beijing", "cn-shanghai", "ap-southeast-1"}
	accounts = [...]string{"1234567890123456", "9876543210987654"} // ours (most requests), a partner's
	teams    = [...]string{"alpha", "beta", "gamma", "delta", "omega"}
	dirs     = [...]string{"logs", "data", "models", "tmp"}

	// cidrs appear in IpAddress/NotIpAddress conditions; sourceIPs in requests, some inside them.
	cidrs     = [...]string{"192.168.1.0/24", "10.10.0.0/16", "172.16.0.0/12", "203.0.113.0/24", "2001:db8::/32"}
	sourceIPs = [...]string{"192.168.1.17", "192.168.2.9", "10.10.4.2", "10.20.0.5", "172.20.1.1",
		"172.40.0.1", "203.0.113.80", "198.51.100.7", "2001:db8::42", "2001:db9::1"}
)
