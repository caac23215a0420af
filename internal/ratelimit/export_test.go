package ratelimit

// Keys is how many buckets l holds, for the test of the sweep.
func (l *Limiter) Keys() int { return l.keys() }
