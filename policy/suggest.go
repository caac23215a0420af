package policy

import (
	"strings"
	"unicode/utf8"
)

// maxSuggestLen bounds the words suggest compares, so a hostile document with long member
// names costs linear time, not quadratic.
const maxSuggestLen = 64

// suggest returns the candidate closest to word by edit distance, ignoring case, or "" when
// none is close enough to be a plausible typo.
func suggest(word string, candidates []string) string {
	if utf8.RuneCountInString(word) > maxSuggestLen {
		return ""
	}
	w := []rune(strings.ToLower(word))
	limit := max(2, len(w)/3)
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if d := editDistance(w, []rune(strings.ToLower(c))); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// didYouMean formats a suggestion as a message suffix.
func didYouMean(word string, candidates []string) string {
	if s := suggest(word, candidates); s != "" {
		return `: did you mean "` + s + `"?`
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, counting a transposition of two
// adjacent characters as one edit, since that is the commonest typo.
func editDistance(a, b []rune) int {
	// Three rows of the dynamic-programming table: two back, one back, current.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
