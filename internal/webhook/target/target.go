// Package target guards webhook deliveries against server-side request
// forgery: a webhook URL may only name a public address, checked when the
// endpoint is registered (the URL's host and every address its name
// resolves to) and again on every connection (the address actually dialled,
// so a name that resolves elsewhere later — DNS rebinding — is refused
// too). Redirects are never followed. Operators of test and private
// deployments may allow private targets and plain http.
package target

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Policy is the operator's setting. The zero value is the strict default:
// https only, public addresses only.
type Policy struct {
	// AllowPrivate allows loopback, private, link-local and the other
	// refused address ranges (serve --webhook-allow-private-targets).
	AllowPrivate bool
	// AllowHTTP allows plain http URLs (serve --webhook-allow-http).
	AllowHTTP bool
	// Resolver looks names up at registration (nil: net.DefaultResolver).
	Resolver interface {
		LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
	}
}

// ErrRefused is wrapped by every refusal of a target.
var ErrRefused = errors.New("webhook target refused")

func refused(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrRefused, fmt.Sprintf(format, args...))
}

var blocked = []struct {
	prefix netip.Prefix
	what   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "an unspecified (\"this network\") address"},
	{netip.MustParsePrefix("10.0.0.0/8"), "a private address"},
	{netip.MustParsePrefix("100.64.0.0/10"), "a carrier-grade NAT address"},
	{netip.MustParsePrefix("127.0.0.0/8"), "a loopback address"},
	{netip.MustParsePrefix("169.254.0.0/16"), "a link-local address (cloud metadata lives there)"},
	{netip.MustParsePrefix("172.16.0.0/12"), "a private address"},
	{netip.MustParsePrefix("192.0.0.0/24"), "an IETF protocol address"},
	{netip.MustParsePrefix("192.168.0.0/16"), "a private address"},
	{netip.MustParsePrefix("198.18.0.0/15"), "a benchmarking address"},
	{netip.MustParsePrefix("224.0.0.0/4"), "a multicast address"},
	{netip.MustParsePrefix("240.0.0.0/4"), "a reserved address"},
	{netip.MustParsePrefix("::/128"), "an unspecified address"},
	{netip.MustParsePrefix("::1/128"), "a loopback address"},
	{netip.MustParsePrefix("fc00::/7"), "a private (unique local) address"},
	{netip.MustParsePrefix("fe80::/10"), "a link-local address"},
	{netip.MustParsePrefix("fec0::/10"), "a site-local address"},
	{netip.MustParsePrefix("ff00::/8"), "a multicast address"},
}

// nat64 embeds an IPv4 address in its last 32 bits.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// Classify says why ip may not be a webhook target, or "" when it may (a
// public unicast address). IPv4-mapped and NAT64 IPv6 addresses are judged
// by the IPv4 address they carry.
func Classify(ip netip.Addr) string {
	if !ip.IsValid() {
		return "not an IP address"
	}
	ip = ip.WithZone("")
	if ip.Is4In6() {
		ip = ip.Unmap()
	}
	if ip.Is6() && nat64.Contains(ip) {
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	for _, b := range blocked {
		if b.prefix.Contains(ip) {
			return b.what
		}
	}
	if ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return "the broadcast address"
	}
	return ""
}

// ParseNumericHost reads host as an IPv4 address in the loose notations
// some resolvers accept (inet_aton: 2130706433, 0x7f000001, 0177.0.0.1,
// 127.1). ok is false when host is not such a number.
func ParseNumericHost(host string) (netip.Addr, bool) {
	parts := strings.Split(host, ".")
	if len(parts) == 0 || len(parts) > 4 {
		return netip.Addr{}, false
	}
	vals := make([]uint64, len(parts))
	for i, p := range parts {
		if p == "" {
			return netip.Addr{}, false
		}
		v, err := strconv.ParseUint(p, 0, 32) // 0x.. hex, 0.. octal, decimal
		if err != nil {
			return netip.Addr{}, false
		}
		vals[i] = v
	}
	var n uint64
	last := len(vals) - 1
	for i := 0; i < last; i++ {
		if vals[i] > 255 {
			return netip.Addr{}, false
		}
		n |= vals[i] << (24 - 8*uint(i))
	}
	if vals[last] >= 1<<(8*uint(4-last)) {
		return netip.Addr{}, false
	}
	n |= vals[last]
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}), true
}

// CheckURL validates a webhook URL at registration: scheme, no
// credentials, and a host that is, or only resolves to, public addresses.
func (p Policy) CheckURL(ctx context.Context, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return refused("not an absolute URL")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !p.AllowHTTP {
			return refused("only https URLs are allowed")
		}
	default:
		return refused("only https URLs are allowed")
	}
	if u.User != nil {
		return refused("credentials in the URL are not allowed; the signature authenticates Cockpit")
	}
	if u.Fragment != "" {
		return refused("a URL fragment is not sent; remove it")
	}
	host := u.Hostname()
	if host == "" {
		return refused("the URL has no host")
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return refused("invalid port")
		}
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return p.checkAddr(ip)
	}
	if ip, ok := ParseNumericHost(host); ok {
		// Not a canonical address, yet some resolvers would take it for
		// one: never looked up.
		if why := Classify(ip); why != "" && !p.AllowPrivate {
			return refused("%s is %s", host, why)
		}
		return refused("write the IP address %s as %s", host, ip)
	}
	if p.AllowPrivate {
		return nil
	}
	lower := strings.ToLower(strings.TrimSuffix(host, "."))
	if lower == "localhost" || strings.HasSuffix(lower, ".localhost") {
		return refused("%s is a loopback name", host)
	}
	r := p.Resolver
	if r == nil {
		r = net.DefaultResolver
	}
	lctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	addrs, err := r.LookupNetIP(lctx, "ip", host)
	if err != nil || len(addrs) == 0 {
		return refused("%s does not resolve", host)
	}
	for _, a := range addrs {
		if err := p.checkAddr(a); err != nil {
			return refused("%s resolves to %s", host, strings.TrimPrefix(err.Error(), ErrRefused.Error()+": "))
		}
	}
	return nil
}

func (p Policy) checkAddr(ip netip.Addr) error {
	if p.AllowPrivate {
		return nil
	}
	if why := Classify(ip); why != "" {
		return refused("%s is %s", ip, why)
	}
	return nil
}

// Control is a net.Dialer Control function refusing connections to
// addresses the policy does not allow: the check of the address actually
// dialled, after every DNS resolution.
func (p Policy) Control(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return refused("bad address %q", address)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return refused("bad address %q", address)
	}
	return p.checkAddr(ip)
}

// Client returns the HTTP client deliveries use: every connection checked
// by Control, no proxy from the environment (it would hide the target's
// address), no redirects followed (a 3xx answer is a failed attempt), and
// timeout per attempt.
func (p Policy) Client(timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: timeout, Control: p.Control}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
