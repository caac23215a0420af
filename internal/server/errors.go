package server

import (
	"encoding/json"
	"net/http"
)

// errorBody is the RAM error envelope (shared/reference/ram.md §6.1), field names as RAM spells
// them. The API layer has its own, richer encoder; this one serves the few errors the server
// raises itself (a panic, an oversized body).
type errorBody struct {
	RequestId string
	HostId    string
	Code      string
	Message   string
}

func writeError(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(errorBody{
		RequestId: RequestID(r.Context()),
		HostId:    r.Host,
		Code:      code,
		Message:   message,
	})
}
