package httpx

import (
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP returns the address of the client that made r. The TCP peer is
// the client unless it lies in trustedProxies; then X-Forwarded-For is read
// from right to left, skipping addresses of trusted proxies, and the first
// untrusted address is the client. Entries further left were written by the
// client or by proxies nobody vouches for and are ignored, so a client cannot
// choose its own address by sending the header. If every hop is trusted the
// leftmost one is returned; a malformed entry stops the walk at the last good
// address. IPv4-mapped IPv6 addresses are unmapped so one client has one
// key. The zero Addr is returned only when RemoteAddr itself is unparsable.
func ClientIP(r *http.Request, trustedProxies []netip.Prefix) netip.Addr {
	peer, ok := parseHostAddr(r.RemoteAddr)
	if !ok {
		return netip.Addr{}
	}
	if !trusted(peer, trustedProxies) {
		return peer
	}
	client := peer
	lines := r.Header.Values("X-Forwarded-For")
	for i := len(lines) - 1; i >= 0; i-- {
		hops := strings.Split(lines[i], ",")
		for j := len(hops) - 1; j >= 0; j-- {
			hop := strings.TrimSpace(hops[j])
			if hop == "" && j == len(hops)-1 && len(hops) > 1 {
				continue // tolerate a trailing comma
			}
			addr, ok := parseHostAddr(hop)
			if !ok {
				return client
			}
			client = addr
			if !trusted(addr, trustedProxies) {
				return client
			}
		}
	}
	return client
}

func trusted(a netip.Addr, proxies []netip.Prefix) bool {
	for _, p := range proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseHostAddr accepts "ip", "ip:port", "[ipv6]" and "[ipv6]:port". Zones
// are dropped: they are meaningful only on the host that saw them.
func parseHostAddr(s string) (netip.Addr, bool) {
	var a netip.Addr
	if ap, err := netip.ParseAddrPort(s); err == nil {
		a = ap.Addr()
	} else if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		if a, err = netip.ParseAddr(s[1 : len(s)-1]); err != nil {
			return netip.Addr{}, false
		}
	} else if a, err = netip.ParseAddr(s); err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}
