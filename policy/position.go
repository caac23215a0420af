package policy

import (
	"slices"
	"unicode/utf8"
)

// problem is an Error while parsing, before its byte offset is turned into a line and column.
type problem struct {
	off int64
	err *Error
}

// locate sorts problems by position and fills in their lines and columns in one pass over doc,
// so the cost stays linear however many problems there are.
func locate(doc []byte, problems []problem) ErrorList {
	slices.SortStableFunc(problems, func(a, b problem) int {
		switch {
		case a.off < b.off:
			return -1
		case a.off > b.off:
			return 1
		}
		return 0
	})
	list := make(ErrorList, len(problems))
	line, col, pos := 1, 1, 0
	for i, p := range problems {
		off := int(min(max(p.off, 0), int64(len(doc))))
		for pos < off {
			r, size := utf8.DecodeRune(doc[pos:])
			if r == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			pos += size
		}
		p.err.Line, p.err.Column = line, col
		list[i] = p.err
	}
	return list
}
