package sqlstore_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when a test leaves goroutines behind: a closed store must release
// every connection.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
