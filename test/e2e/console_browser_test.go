package e2e_test

// The console in a real browser: Debian's Chromium, headless, driven by chromedp against a real
// `rampart serve`. Every page a test visits is checked for browser console errors and uncaught
// exceptions, and each step leaves a screenshot in the test's artifact directory (go test
// -artifacts keeps them). With -console.screenshots=DIR the main pages are also written to DIR
// at laptop width, for the README (docs/screenshots).

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

var screenshotsDir = flag.String("console.screenshots", "", "write the README's console screenshots to this directory")

// laptop is the window the tests browse with.
const laptopWidth, laptopHeight = 1280, 860

// chromiumPath finds the browser: $RAMPART_CHROMIUM (scripts/chromium.sh), else chromium on
// PATH. Without one the test fails under CI=true and is skipped loudly otherwise.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("RAMPART_CHROMIUM"); p != "" {
		return p
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium under CI=true: the console's browser tests must run in CI (scripts/chromium.sh installs Debian's chromium)")
	}
	t.Skip("!!! SKIPPING the console's browser tests: no chromium (scripts/chromium.sh installs Debian's chromium) !!!")
	return ""
}

// console is one browser tab on a running server, with the messages its pages logged.
type console struct {
	t    *testing.T
	ctx  context.Context
	base string // http://127.0.0.1:port
	shot int

	mu        sync.Mutex
	problems  []chromedp.ConsoleMessage // console errors and exceptions
	documents map[string]bool           // the URLs of the pages the tab loaded
}

// openConsole starts a headless Chromium with its own profile and opens a tab.
func openConsole(t *testing.T, base string) *console {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-proxy-server", true),
		chromedp.WindowSize(laptopWidth, laptopHeight),
		chromedp.UserDataDir(t.TempDir()),
	) // --no-sandbox is added by chromedp when running as root
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelTab(); cancelAlloc() })
	c := &console{t: t, ctx: ctx, base: base, documents: map[string]bool{}}
	if err := chromedp.Do(ctx); err != nil { // start the browser
		t.Fatalf("start chromium: %v", err)
	}
	messages := chromedp.Console(ctx)
	navigations := chromedp.Events(ctx, page.FrameNavigated)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				c.mu.Lock()
				c.problems = append(c.problems, m)
				c.mu.Unlock()
			}
		}
	}()
	go func() {
		for ev, err := range navigations {
			if err != nil {
				return
			}
			if ev.Frame.ParentID == "" {
				c.mu.Lock()
				c.documents[ev.Frame.URL] = true
				c.mu.Unlock()
			}
		}
	}()
	t.Cleanup(c.checkConsole)
	return c
}

// checkConsole fails the test for every console error or exception seen so far. One kind of
// entry is not an error of the page: Chromium logs "Failed to load resource" for a page that
// answers 4xx (a form shown again with RAM's error, a denied list), and the tests assert what
// such a page shows. The same entry for anything else the page loads (a script, a fragment) is
// an error.
func (c *console) checkConsole() {
	c.t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.problems {
		if p.Source == "network" && strings.HasPrefix(p.Text, "Failed to load resource") && c.documents[p.URL] {
			continue
		}
		c.t.Errorf("browser console: %s at %s", p, p.URL)
	}
	c.problems = nil
}

// do runs steps that return nothing, failing the test on the first error.
func (c *console) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		c.screenshot("failed-" + what)
		c.t.Fatalf("%s: %v", what, err)
	}
}

// click is a click on sel: an XPath when it starts with "/", a CSS selector otherwise.
func click(sel string) chromedp.Action[chromedp.Void] {
	if strings.HasPrefix(sel, "/") {
		return chromedp.Click(chromedp.Search(sel))
	}
	return chromedp.Click(chromedp.CSS(sel))
}

// typeInto types text into the field sel (CSS) selects.
func typeInto(sel, text string) chromedp.Action[chromedp.Void] {
	return chromedp.SendKeys(chromedp.CSS(sel), text)
}

// open loads a console page.
func (c *console) open(path string) {
	c.t.Helper()
	c.do("open "+path, chromedp.Navigate(c.base+path))
}

// follow clicks what sel selects and waits for the page it loads.
func (c *console) follow(what, sel string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, 15*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, click(sel))); err != nil {
		c.screenshot("failed-" + what)
		c.t.Fatalf("%s: %v", what, err)
	}
}

// text is the visible text of what the CSS selector sel selects.
func (c *console) text(sel string) string {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, 15*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		c.screenshot("failed-text")
		c.t.Fatalf("read %s: %v", sel, err)
	}
	return s
}

// sees fails the test unless the page's main region shows every text.
func (c *console) sees(what string, texts ...string) {
	c.t.Helper()
	body := c.text("main")
	for _, s := range texts {
		if !strings.Contains(body, s) {
			c.screenshot("failed-" + what)
			c.t.Fatalf("%s: the page does not show %q; it shows:\n%s", what, s, body)
		}
	}
}

// eval runs JavaScript in the page and returns its result.
func eval[T any](c *console, expr string) T {
	c.t.Helper()
	v, err := chromedp.Run(c.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		c.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// screenshot saves the whole page as a PNG (quality 100; lower is JPEG) in the test's artifact
// directory, numbered in step order.
func (c *console) screenshot(name string) {
	c.t.Helper()
	png, err := chromedp.Run(c.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		c.t.Logf("screenshot %s: %v", name, err)
		return
	}
	c.shot++
	file := fmt.Sprintf("%02d-%s.png", c.shot, strings.NewReplacer("/", "-", " ", "-", ">", "").Replace(strings.ToLower(name)))
	if err := os.WriteFile(filepath.Join(c.t.ArtifactDir(), file), png, 0o644); err != nil {
		c.t.Errorf("screenshot %s: %v", name, err)
	}
}

// readme saves the whole page, at laptop width, as one of the README's screenshots, when asked to.
func (c *console) readme(name string) {
	c.t.Helper()
	if *screenshotsDir == "" {
		return
	}
	png, err := chromedp.Run(c.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		c.t.Fatalf("README screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(*screenshotsDir, name+".png"), png, 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// consoleServer starts `rampart serve` and returns it with the root's account ID and password.
func consoleServer(t *testing.T) (s *server, account, password string) {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	s = startServer(t, nil, "--data", data)
	raw, err := os.ReadFile(filepath.Join(data, "root-credentials.json"))
	if err != nil {
		t.Fatalf("root credentials: %v\n%s", err, s.logs)
	}
	var rc rootCredentials
	if err := json.Unmarshal(raw, &rc); err != nil {
		t.Fatal(err)
	}
	return s, rc.AccountId, rc.Password
}
