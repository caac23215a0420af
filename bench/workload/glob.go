package workload

// Match reports whether s matches the RAM pattern, in which '*' matches any run of characters
// (including ':' and '/') and every other byte matches itself. Greedy matching with one backtrack
// point is exact for star-only patterns and runs in O(len(pattern)·len(s)) at worst.
func Match(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case p < len(pattern) && pattern[p] == s[i]:
			p++
			i++
		case star >= 0:
			mark++
			p, i = star+1, mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
