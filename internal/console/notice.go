package console

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// A change is confirmed by a notice on the page it redirects to ("The policy has been
// created."). The notice travels in that redirect's URL with the time it was made and a MAC
// keyed by the session's ID, so only the console can set one, for this session and for a short
// while: a link such as ?done=Your+account+is+locked, sent to someone else, shows nothing. It
// needs no storage, so it works in every tab and on every node that shares the sessions.

// noticeLifetime is how long a notice's URL shows it: long enough for the redirect, short enough
// that a bookmark or a copied link shows nothing.
const noticeLifetime = time.Minute

// redirectDone answers a change with a redirect to page (a console path, maybe with a query and
// a #fragment) showing notice.
func (v *visit) redirectDone(page, notice string) {
	page, fragment, _ := strings.Cut(page, "#")
	at := strconv.FormatInt(v.h.now().Unix(), 10)
	sep := "?"
	if strings.Contains(page, "?") {
		sep = "&"
	}
	target := page + sep + url.Values{"done": {notice}, "at": {at}, "sig": {noticeMAC(v.id, at, notice)}}.Encode()
	if fragment != "" {
		target += "#" + fragment
	}
	http.Redirect(v.w, v.r, target, http.StatusSeeOther)
}

// notice is the notice the page's URL carries when redirectDone made it for this session within
// noticeLifetime; "" otherwise.
func (v *visit) notice() string {
	q := v.r.URL.Query()
	done, at := q.Get("done"), q.Get("at")
	sec, err := strconv.ParseInt(at, 10, 64)
	if err != nil || v.h.now().Sub(time.Unix(sec, 0)).Abs() > noticeLifetime ||
		!hmac.Equal([]byte(q.Get("sig")), []byte(noticeMAC(v.id, at, done))) {
		return ""
	}
	return done
}

func noticeMAC(id, at, notice string) string {
	m := hmac.New(sha256.New, []byte(id))
	m.Write([]byte("rampart console notice\x00" + at + "\x00" + notice))
	return hex.EncodeToString(m.Sum(nil))
}
