package cli

// Help of `rampart sts`.
const (
	stsShort = "Call STS actions: assume a RAM role, show who you are"
	stsLong  = `Call Rampart's Security Token Service (Alibaba Cloud STS, version 2015-04-01). AssumeRole
returns temporary credentials (an STS. AccessKeyId, its secret and a SecurityToken) that every
command accepts with --access-key-id, --access-key-secret and --security-token.`
	stsExample = `  rampart sts GetCallerIdentity
  rampart sts AssumeRole --RoleArn acs:ram::<account>:role/admin --RoleSessionName alice \
    --DurationSeconds 900`
)
