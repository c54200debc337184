package cli

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/coopnetwork/cockpit/internal/server"
)

// publicFlags are serve's settings for anonymous callers of the public face
// (issue 18): the per-IP rate limit and the caching of public answers.
type publicFlags struct {
	rate           *int
	burst          *int
	maxAge         *time.Duration
	trustedProxies *string
}

func (f *flags) public() publicFlags {
	return publicFlags{
		rate:           f.int("public-rate", server.DefaultPublicRate, "requests per minute one client IP may send without a token, per replica (0: no limit); over it: 429 RATE_LIMITED with Retry-After"),
		burst:          f.int("public-burst", server.DefaultPublicBurst, "requests without a token one client IP may send at once"),
		maxAge:         f.duration("public-max-age", server.DefaultPublicMaxAge, "Cache-Control max-age of anonymous GET answers to public queries (publicDirectory, publicTalentSearch)"),
		trustedProxies: f.string("trusted-proxies", "", "comma-separated proxy addresses or CIDR prefixes whose X-Forwarded-For gives the client IP (empty: the header is ignored)"),
	}
}

func (p publicFlags) options() (server.Public, error) {
	out := server.Public{RatePerMinute: float64(*p.rate), Burst: *p.burst, MaxAge: *p.maxAge}
	for _, s := range strings.Split(*p.trustedProxies, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		pre, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return out, fmt.Errorf("--trusted-proxies: %q is neither an address nor a CIDR prefix", s)
			}
			pre = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		out.TrustedProxies = append(out.TrustedProxies, pre.Masked())
	}
	if out.MaxAge == 0 {
		out.MaxAge = -1 // 0 asked for: max-age=0, not the default
	}
	return out, nil
}
