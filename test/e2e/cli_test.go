package e2e_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// rampartCLI runs `rampart args...` with env added to a clean environment (no credentials of
// the developer's), and returns its exit code, standard output and standard error.
func rampartCLI(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(rampartBin, args...)
	cmd.Env = append([]string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatal(err)
		}
	}
	return cmd.ProcessState.ExitCode(), out.String(), errb.String()
}

// TestCLI drives `rampart ram`, `rampart sts` and `rampart resourcemanager` against a server,
// with credentials from a profile file (the server's own root-credentials.json), from the
// environment, and from flags.
func TestCLI(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	s := startServer(t, nil, "--data", data)
	profile := filepath.Join(data, "root-credentials.json")
	var root rootCredentials
	raw, err := os.ReadFile(profile)
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(raw, &root)
	viaProfile := []string{"--profile", profile, "--endpoint", s.URL}
	viaEnv := []string{"RAMPART_ACCESS_KEY_ID=" + root.AccessKeyId, "RAMPART_ACCESS_KEY_SECRET=" + root.AccessKeySecret, "RAMPART_ENDPOINT=" + s.URL}

	code, out, stderr := rampartCLI(t, nil, append([]string{"ram", "CreateUser", "--UserName", "cli-user", "--DisplayName", "CLI User"}, viaProfile...)...)
	var created struct {
		RequestId string
		User      struct{ UserName, DisplayName, UserId string }
	}
	if err := json.Unmarshal([]byte(out), &created); code != 0 || err != nil || created.User.UserName != "cli-user" ||
		created.User.DisplayName != "CLI User" || len(created.RequestId) != 36 || !strings.Contains(out, "\n  \"User\": {") {
		t.Fatalf("ram CreateUser: exit %d\n%s\n%s", code, out, stderr)
	}

	code, out, stderr = rampartCLI(t, viaEnv, "ram", "GetUser", "--UserName=nobody")
	if code != 1 || out != "" || !strings.Contains(stderr, `"Code": "EntityNotExist.User"`) {
		t.Errorf("ram GetUser of a missing user: exit %d\nstdout %s\nstderr %s", code, out, stderr)
	}

	code, out, _ = rampartCLI(t, nil, "sts", "GetCallerIdentity", "--access-key-id", root.AccessKeyId,
		"--access-key-secret", root.AccessKeySecret, "--endpoint", s.URL)
	if code != 0 || !strings.Contains(out, `"IdentityType": "Account"`) || !strings.Contains(out, root.AccountId) {
		t.Errorf("sts GetCallerIdentity: exit %d\n%s", code, out)
	}

	code, out, _ = rampartCLI(t, viaEnv, "resourcemanager", "CreateResourceGroup", "--Name", "team-cli")
	if code != 0 || !strings.Contains(out, `"Name": "team-cli"`) {
		t.Errorf("resourcemanager CreateResourceGroup: exit %d\n%s", code, out)
	}

	code, _, stderr = rampartCLI(t, nil, "ram", "ListUsers", "--endpoint", s.URL)
	if code != 2 || !strings.Contains(stderr, "no credentials") {
		t.Errorf("without credentials: exit %d\n%s", code, stderr)
	}
	code, _, stderr = rampartCLI(t, viaEnv, "ram", "ListUsers", "--access-key-secret", "wrong")
	if code != 1 || !strings.Contains(stderr, "SignatureDoesNotMatch") {
		t.Errorf("wrong secret: exit %d\n%s", code, stderr)
	}

	code, out, _ = rampartCLI(t, nil, "ram", "--help")
	if code != 0 || strings.Count(out, "\n  ") < 62 || !strings.Contains(out, "CreateUser") || !strings.Contains(out, "ListEntitiesForPolicy") {
		t.Errorf("ram --help: exit %d\n%s", code, out)
	}
}
