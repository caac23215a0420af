package policy

import (
	"net/netip"
	"strings"
)

// ipAddress backs IpAddress and NotIpAddress. Policy values are addresses or CIDR blocks, IPv4
// or IPv6; a request value matches when it is an address inside one of them. IPv4 and IPv6 are
// distinct families: an IPv4-mapped IPv6 address ("::ffff:10.0.0.1") is not inside 10.0.0.0/8,
// so callers should unmap addresses before building a request.
type ipAddress []netip.Prefix

func newIPAddress(values []string) ipAddress {
	a := make(ipAddress, len(values))
	for i, v := range values {
		a[i], _ = parsePolicyPrefix(v)
	}
	return a
}

func (a ipAddress) matchAny(v string) bool {
	addr, err := netip.ParseAddr(v)
	if err != nil {
		return false
	}
	for _, p := range a {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// parsePolicyPrefix reads an address ("192.168.0.1", a one-address block) or a CIDR block
// ("10.0.0.0/8"). Host bits in a block are ignored, as RAM's own examples
// ("116.62.XX.XX/24") imply; zones are rejected.
func parsePolicyPrefix(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}
