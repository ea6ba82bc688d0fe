package forum

import (
	"net/netip"
	"strings"
)

// ClientNet is the key per-client limits and anonymous view counting use
// for an address: the address itself for IPv4, and its /64 for IPv6,
// because one IPv6 subscriber is usually handed a whole /64 and could
// otherwise take a fresh address for every request. Anything that does not
// parse is used as it is.
func ClientNet(ip string) string {
	a, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil {
		return ip
	}
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	p, err := a.Prefix(64)
	if err != nil {
		return a.String()
	}
	return p.String()
}

// key is the client's rate-limit key (see ClientNet); empty when the
// address is unknown.
func (c Client) key() string {
	if c.IP == "" {
		return ""
	}
	return ClientNet(c.IP)
}
