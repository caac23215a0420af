package e2e_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

type rootCredentials struct {
	AccountId       string
	AccessKeyId     string
	AccessKeySecret string
	Password        string
}

// TestServeLifecycle follows an operator: first start, a backup while serving, SIGTERM,
// restart, and a restore of the backup into a new data directory.
func TestServeLifecycle(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	client := &http.Client{Timeout: 5 * time.Second}

	// First start: the account and generated root credentials.
	s := startServer(t, nil, "--data", data)
	if code, body := get(t, client, s.URL+"/healthz"); code != http.StatusOK || body != `{"status":"ok"}`+"\n" {
		t.Errorf("GET /healthz = %d %q", code, body)
	}
	if code, body := get(t, client, s.URL+"/metrics"); code != http.StatusOK ||
		!strings.Contains(body, `rampart_http_requests_total{code="200",method="GET",route="GET /healthz"} 1`) {
		t.Errorf("GET /metrics = %d, lacking the healthz counter:\n%.2000s", code, body)
	}
	credsPath := filepath.Join(data, "root-credentials.json")
	info, err := os.Stat(credsPath)
	if err != nil {
		t.Fatalf("root-credentials.json: %v\n%s", err, s.logs)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("root-credentials.json mode = %04o, want 0600", perm)
	}
	credsJSON, _ := os.ReadFile(credsPath)
	var creds rootCredentials
	if err := json.Unmarshal(credsJSON, &creds); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[1-9]\d{15}$`).MatchString(creds.AccountId) ||
		!regexp.MustCompile(`^LTAI[0-9A-Za-z]{20}$`).MatchString(creds.AccessKeyId) ||
		len(creds.AccessKeySecret) != 30 || len(creds.Password) < 8 {
		t.Errorf("root-credentials.json = %s", credsJSON)
	}
	created, ok := findLog(t, s.logs.String(), "created account")
	if !ok || created.AccountID != creds.AccountId || created.RootAccessKeyID != creds.AccessKeyId || created.CredentialsFile != credsPath {
		t.Errorf("created-account log line = %+v, want the file's account, key and path", created)
	}

	// A backup while the server runs.
	backup := filepath.Join(t.TempDir(), "rampart-backup.db")
	if code, out := runRampart(t, "backup", "--data", data, "--to", backup); code != 0 {
		t.Fatalf("rampart backup: exit %d\n%s", code, out)
	}

	// SIGTERM: drain, close the store, exit 0, quickly.
	begin := time.Now()
	if code := s.stop(t, 5*time.Second); code != 0 {
		t.Errorf("exit code after SIGTERM = %d, want 0\n%s", code, s.logs)
	}
	t.Logf("stopped %v after SIGTERM", time.Since(begin).Round(time.Millisecond))
	if _, ok := findLog(t, s.logs.String(), "stopped"); !ok {
		t.Errorf("log lacks \"stopped\":\n%s", s.logs)
	}
	assertNoSecrets(t, s.logs.String(), creds)

	// Restart on the same data: same account, the file untouched.
	s2 := startServer(t, nil, "--data", data)
	if l, ok := findLog(t, s2.logs.String(), "using existing account"); !ok || l.AccountID != creds.AccountId {
		t.Errorf("restart: %+v, want account %s\n%s", l, creds.AccountId, s2.logs)
	}
	if code := s2.stop(t, 5*time.Second); code != 0 {
		t.Errorf("second run exit code = %d", code)
	}
	if again, _ := os.ReadFile(credsPath); string(again) != string(credsJSON) {
		t.Errorf("root-credentials.json changed on restart")
	}
	assertNoSecrets(t, s2.logs.String(), creds)

	// Restore: the backup as rampart.db, with the master key it was made under.
	restored := filepath.Join(t.TempDir(), "restored")
	if err := os.Mkdir(restored, 0o700); err != nil {
		t.Fatal(err)
	}
	copyFile(t, backup, filepath.Join(restored, "rampart.db"))
	// Without its master key the restored store is refused, and no new key is made for it.
	if code, out := runRampart(t, "serve", "--listen", "127.0.0.1:0", "--data", restored); code != 1 ||
		!strings.Contains(out, "master key") {
		t.Errorf("restore without master.key: exit %d\n%s", code, out)
	}
	copyFile(t, filepath.Join(data, "master.key"), filepath.Join(restored, "master.key"))
	s3 := startServer(t, nil, "--data", restored)
	if l, ok := findLog(t, s3.logs.String(), "using existing account"); !ok || l.AccountID != creds.AccountId || l.RootAccessKeyID != creds.AccessKeyId {
		t.Errorf("restored server: %+v, want account %s and key %s\n%s", l, creds.AccountId, creds.AccessKeyId, s3.logs)
	}
	if code, _ := get(t, client, s3.URL+"/healthz"); code != http.StatusOK {
		t.Errorf("restored server /healthz = %d", code)
	}
	if code := s3.stop(t, 5*time.Second); code != 0 {
		t.Errorf("restored server exit code = %d", code)
	}
	if _, err := os.Stat(filepath.Join(restored, "root-credentials.json")); !os.IsNotExist(err) {
		t.Errorf("the restored server wrote new root credentials")
	}
}

func assertNoSecrets(t *testing.T, logs string, c rootCredentials) {
	t.Helper()
	for name, secret := range map[string]string{"AccessKeySecret": c.AccessKeySecret, "Password": c.Password} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log contains the root %s", name)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestServeTLS(t *testing.T) {
	certFile, keyFile, pool := selfSignedCert(t)
	s := startServer(t, nil, "--data", t.TempDir(), "--tls-cert-file", certFile, "--tls-key-file", keyFile)
	if !strings.HasPrefix(s.URL, "https://") {
		t.Fatalf("listening URL = %q, want https", s.URL)
	}
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 5 * time.Second}
	if code, body := get(t, client, s.URL+"/healthz"); code != http.StatusOK || body != `{"status":"ok"}`+"\n" {
		t.Errorf("GET /healthz over HTTPS = %d %q", code, body)
	}
	// Plain HTTP to the TLS port gets no answer it could mistake for success.
	if resp, err := (&http.Client{Timeout: 5 * time.Second}).Get("http://" + strings.TrimPrefix(s.URL, "https://") + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Errorf("plain HTTP to the TLS listener answered 200")
		}
	}
	if code := s.stop(t, 5*time.Second); code != 0 {
		t.Errorf("exit code = %d", code)
	}
}

// selfSignedCert writes a certificate for 127.0.0.1 and its key, and returns a pool trusting it.
func selfSignedCert(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "rampart e2e"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}
