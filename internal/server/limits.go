package server

import (
	"fmt"
	"net/http"
)

// limitBody refuses a request whose declared length exceeds max with 413, and caps the body of
// any other, so a handler reading more than max bytes gets an *http.MaxBytesError instead of
// exhausting memory (RAM itself accepts POST bodies up to 10 MB).
func limitBody(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			writeError(w, r, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge",
				fmt.Sprintf("The request body is larger than %d bytes.", max))
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r2 := *r // handlers must not modify the request they are given, so copy it
			r2.Body = http.MaxBytesReader(w, r.Body, max)
			r = &r2
		}
		next.ServeHTTP(w, r)
	})
}
