//go:build race

package policy_test

// raceEnabled: the race detector makes some values escape that otherwise stay on the stack, so
// allocation counts do not hold under it.
const raceEnabled = true
