package openapi

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Response formats.
const (
	formatJSON = "JSON"
	formatXML  = "XML"
)

// responseFormat is the Format parameter: XML when asked for (in any case), JSON otherwise, as
// the SDKs send "JSON" unless told to use XML.
func responseFormat(p string) string {
	if strings.EqualFold(p, formatXML) {
		return formatXML
	}
	return formatJSON
}

// encode writes v with status in format. In XML the document's root element is root
// ("<Action>Response" for results, "Error" for errors); the SDK decodes XML with encoding/xml,
// which ignores the root's name, and decodes lists from repeated child elements, which is what
// the same structs produce ("<Users><User>...</User><User>...</User></Users>").
//
// The body is encoded into buf (emptied first; the caller may reuse it) and sent with its
// Content-Length in one write, rather than streamed, which for a body longer than net/http's
// buffer would mean chunked encoding and a write per chunk.
func encode(w http.ResponseWriter, buf *bytes.Buffer, format string, status int, root string, v any) {
	buf.Reset()
	h := w.Header()
	if format == formatXML {
		h.Set("Content-Type", "text/xml;charset=utf-8")
		buf.WriteString(xml.Header)
		enc := xml.NewEncoder(buf)
		enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: root}})
		enc.Close()
	} else {
		h.Set("Content-Type", "application/json;charset=utf-8")
		enc := json.NewEncoder(buf)
		enc.SetEscapeHTML(false) // policy documents are JSON text; keep "&" and "<" readable
		enc.Encode(v)
	}
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// wireLayout is how RAM writes a date: UTC, whole seconds.
const wireLayout = "2006-01-02T15:04:05Z"

// wireTime is t as RAM writes it (wireLayout); the zero time ("never") is left out. A list of
// twenty users has sixty dates, so it spells the digits itself: time.Format took a tenth of
// the CPU of a ListUsers call.
func wireTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.Format(wireLayout)
	}
	hour, minute, second := t.Clock()
	b := [len(wireLayout)]byte{4: '-', 7: '-', 10: 'T', 13: ':', 16: ':', 19: 'Z'}
	digits(b[0:4], year)
	digits(b[5:7], int(month))
	digits(b[8:10], day)
	digits(b[11:13], hour)
	digits(b[14:16], minute)
	digits(b[17:19], second)
	return string(b[:])
}

// digits writes n in decimal, zero-padded to fill b.
func digits(b []byte, n int) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
}

// response is a result body: it embeds meta, which carries the RequestId.
type response interface{ setRequestID(string) }

// meta is the part of every response the dispatcher fills. It is the whole response of actions
// that return nothing else (DeleteUser, ...).
type meta struct {
	RequestId string
}

func (m *meta) setRequestID(id string) { m.RequestId = id }

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// mapList converts a domain list into wire items.
func mapList[T, W any](items []T, f func(T) W) []W {
	out := make([]W, len(items))
	for i, it := range items {
		out[i] = f(it)
	}
	return out
}
