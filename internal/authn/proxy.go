package authn

import (
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the reverse proxies (load balancers) in front of Rampart whose forwarding headers
// it believes: X-Forwarded-For for the client's address (acs:SourceIp) and X-Forwarded-Proto
// for whether the client used TLS (acs:SecureTransport, and the console's Secure cookies).
// From any other peer both headers are ignored, since any client can send them.
type Proxies []netip.Prefix

// SourceIP is the client's address: the connection's peer, unless that peer is a trusted
// proxy, in which case the right-most X-Forwarded-For entry that is not itself a trusted proxy.
func (p Proxies) SourceIP(r *http.Request) netip.Addr {
	ip, ok := p.peer(r)
	if !ok {
		return ip
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return ip // a malformed hop: stop at the last address we can vouch for
		}
		if hop = hop.Unmap(); !p.contains(hop) {
			return hop
		}
		ip = hop
	}
	return ip
}

// SecureTransport reports whether the client reached Rampart over TLS: the connection is TLS,
// or its peer is a trusted proxy whose X-Forwarded-Proto is "https". A proxy that appends to
// the header rather than replacing it adds its own value last, so the last value counts.
func (p Proxies) SecureTransport(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if _, ok := p.peer(r); !ok {
		return false
	}
	values := r.Header.Values("X-Forwarded-Proto")
	if len(values) == 0 {
		return false
	}
	protos := strings.Split(values[len(values)-1], ",")
	return strings.EqualFold(strings.TrimSpace(protos[len(protos)-1]), "https")
}

// peer returns the connection's peer address and whether it is a trusted proxy.
func (p Proxies) peer(r *http.Request) (netip.Addr, bool) {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}, false
	}
	ip := peer.Addr().Unmap()
	return ip, p.contains(ip)
}

func (p Proxies) contains(ip netip.Addr) bool {
	for _, prefix := range p {
		if prefix.Contains(ip) {
			return true
		}
	}
	return false
}
