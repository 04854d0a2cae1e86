package capture

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"syscall"
	"time"
)

// BlockedError is returned when a connection to a forbidden address was
// refused by the SSRF guard.
type BlockedError struct {
	Addr   netip.Addr
	Host   string // the host name that resolved to Addr, if any
	Reason string
}

func (e *BlockedError) Error() string {
	if e.Host != "" && e.Host != e.Addr.String() {
		return fmt.Sprintf("refused to connect to %s (%s): %s address", e.Host, e.Addr, e.Reason)
	}
	return fmt.Sprintf("refused to connect to %s: %s address", e.Addr, e.Reason)
}

var (
	cgnat       = netip.MustParsePrefix("100.64.0.0/10")
	thisNet     = netip.MustParsePrefix("0.0.0.0/8")
	ietfProto   = netip.MustParsePrefix("192.0.0.0/24")
	benchmark   = netip.MustParsePrefix("198.18.0.0/15")
	reserved    = netip.MustParsePrefix("240.0.0.0/4") // includes 255.255.255.255
	nat64       = netip.MustParsePrefix("64:ff9b::/96")
	nat64Local  = netip.MustParsePrefix("64:ff9b:1::/48")
	sixToFour   = netip.MustParsePrefix("2002::/16")
	v4Compat    = netip.MustParsePrefix("::/96")
	metadataV4  = netip.MustParseAddr("169.254.169.254")
	metadataV6  = netip.MustParseAddr("fd00:ec2::254")
	metadataAlt = netip.MustParseAddr("100.100.100.200") // Alibaba Cloud metadata
)

// CheckAddr applies the SSRF policy to one resolved address. It returns a
// *BlockedError for loopback (unless allowLoopback), private (RFC 1918,
// fc00::/7), link-local, multicast, unspecified, CGNAT, reserved and cloud
// metadata addresses, including IPv4 addresses embedded in IPv6 (mapped,
// compatible, NAT64, 6to4). allowLoopback permits loopback and nothing else.
func CheckAddr(ip netip.Addr, allowLoopback bool) error {
	ip = ip.WithZone("")
	if reason := blockedReason(ip, allowLoopback); reason != "" {
		return &BlockedError{Addr: ip, Reason: reason}
	}
	return nil
}

func blockedReason(ip netip.Addr, allowLoopback bool) string {
	if !ip.IsValid() {
		return "invalid"
	}
	if ip.Is4In6() {
		return blockedReason(ip.Unmap(), allowLoopback)
	}
	if ip.Is6() {
		b := ip.As16()
		var embedded netip.Addr
		switch {
		case ip == metadataV6:
			return "cloud metadata"
		case nat64.Contains(ip), v4Compat.Contains(ip) && !ip.IsLoopback() && !ip.IsUnspecified():
			embedded = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
		case nat64Local.Contains(ip):
			return "local-use NAT64"
		case sixToFour.Contains(ip):
			embedded = netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]})
		}
		if embedded.IsValid() {
			if r := blockedReason(embedded, allowLoopback); r != "" {
				return r + " (embedded in IPv6)"
			}
			return ""
		}
	}
	switch {
	case ip.IsLoopback():
		if allowLoopback {
			return ""
		}
		return "loopback"
	case ip == metadataV4 || ip == metadataAlt:
		return "cloud metadata"
	case ip.IsUnspecified(), thisNet.Contains(ip):
		return "unspecified"
	case ip.IsPrivate():
		return "private"
	case ip.IsLinkLocalUnicast():
		return "link-local"
	case ip.IsMulticast(), ip.IsLinkLocalMulticast(), ip.IsInterfaceLocalMulticast():
		return "multicast"
	case cgnat.Contains(ip):
		return "carrier-grade NAT (100.64.0.0/10)"
	case ietfProto.Contains(ip), benchmark.Contains(ip), reserved.Contains(ip):
		return "reserved"
	}
	return ""
}

// Resolver resolves host names; *net.Resolver satisfies it. Tests can use
// StaticResolver to make a name resolve to any address without DNS.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// StaticResolver maps host names to addresses; unknown names fail.
type StaticResolver map[string][]netip.Addr

// LookupNetIP implements Resolver.
func (s StaticResolver) LookupNetIP(_ context.Context, _ string, host string) ([]netip.Addr, error) {
	if ips, ok := s[host]; ok && len(ips) > 0 {
		return ips, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// guardedDialer resolves the host itself, refuses forbidden addresses before
// dialling, and refuses them again in the socket Control hook, which sees the
// address actually being connected to. Every connection (including those for
// redirects, which are new requests) goes through it.
type guardedDialer struct {
	resolver      Resolver
	allowLoopback bool
	dialer        net.Dialer
	// connect replaces the final dial in tests only (to reach a loopback
	// test server while the policy sees a public address).
	connect func(ctx context.Context, network, addr string) (net.Conn, error)
}

func newGuardedDialer(resolver Resolver, allowLoopback bool, connect func(context.Context, string, string) (net.Conn, error)) *guardedDialer {
	if resolver == nil {
		resolver = net.DefaultResolver
	}
	g := &guardedDialer{resolver: resolver, allowLoopback: allowLoopback, connect: connect}
	g.dialer = net.Dialer{
		Timeout:   15 * time.Second,
		KeepAlive: 30 * time.Second,
		Control:   g.control,
	}
	return g
}

// control runs after DNS resolution, on the literal address of each socket.
func (g *guardedDialer) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("ssrf guard: unparseable dial address %q: %w", address, err)
	}
	return CheckAddr(ap.Addr(), g.allowLoopback)
}

// DialContext implements the http.Transport dial hook.
func (g *guardedDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, portStr, err := net.SplitHostPort(address)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", address, err)
	}
	port, err := strconv.ParseUint(portStr, 10, 16)
	if err != nil {
		return nil, fmt.Errorf("dial %s: bad port: %w", address, err)
	}
	var ips []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		ips = []netip.Addr{ip}
	} else {
		ips, err = g.resolver.LookupNetIP(ctx, "ip", host)
		if err != nil {
			return nil, fmt.Errorf("resolve %s: %w", host, err)
		}
		if len(ips) == 0 {
			return nil, fmt.Errorf("resolve %s: no addresses", host)
		}
	}
	var firstErr error
	for _, ip := range ips {
		ip = ip.WithZone("")
		if err := CheckAddr(ip, g.allowLoopback); err != nil {
			if be, ok := err.(*BlockedError); ok {
				be.Host = host
			}
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		target := netip.AddrPortFrom(ip, uint16(port)).String()
		var conn net.Conn
		if g.connect != nil {
			conn, err = g.connect(ctx, network, target)
		} else {
			conn, err = g.dialer.DialContext(ctx, network, target)
		}
		if err == nil {
			return conn, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}
