package server

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/coopnetwork/cockpit/internal/apperr"
)

// Public is how the server treats anonymous callers of the public face
// (issue 18; internal/publicface): a per-IP rate limit and cacheable
// answers of public queries.
type Public struct {
	// RatePerMinute is how many requests without a token one client IP may
	// send per minute on average (0: no limit; serve's --public-rate
	// defaults to DefaultPublicRate); Burst how many it may send at once
	// (default DefaultPublicBurst). Requests
	// with a token are not limited by this: a token that does not verify
	// is refused (401) before any database work.
	RatePerMinute float64
	Burst         int
	// TrustedProxies lists the proxies (addresses or CIDR prefixes) whose
	// X-Forwarded-For is believed: the client IP is the right-most address
	// of that header that is not a trusted proxy. Empty: the header is
	// ignored and the client IP is the connection's peer.
	TrustedProxies []netip.Prefix
	// MaxAge is the Cache-Control max-age of anonymous GET answers to
	// queries that ask only public fields (default 60 s; negative: 0).
	MaxAge time.Duration
	// Now is the limiter's clock (default time.Now); tests move it.
	Now func() time.Time
}

// Defaults of Public.
const (
	DefaultPublicRate   = 60
	DefaultPublicBurst  = 30
	DefaultPublicMaxAge = 60 * time.Second
	// maxBuckets bounds the limiter's memory: past it, full buckets are
	// dropped (they hold nothing a new bucket would not).
	maxBuckets = 100_000
)

func (p Public) withDefaults() Public {
	if p.Burst <= 0 {
		p.Burst = DefaultPublicBurst
	}
	if p.MaxAge == 0 {
		p.MaxAge = DefaultPublicMaxAge
	}
	if p.MaxAge < 0 {
		p.MaxAge = 0
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	return p
}

// publicFields are the root fields whose answers are the same for everyone
// (no private row, no viewer): a GET of a query asking only these may be
// cached by browsers and CDNs.
var publicFields = map[string]bool{"publicDirectory": true, "publicTalentSearch": true, "__typename": true}

// rateLimiter is a token bucket per client IP, in memory: each replica
// limits on its own, so a fleet of n replicas behind a load balancer lets a
// client through up to n times the rate.
type rateLimiter struct {
	Public
	perSec float64
	mu     sync.Mutex
	bucket map[netip.Addr]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newRateLimiter(p Public) *rateLimiter {
	return &rateLimiter{Public: p, perSec: p.RatePerMinute / 60, bucket: map[netip.Addr]*bucket{}}
}

// take spends a token of ip's bucket; when there is none, it returns how
// long until there is one.
func (l *rateLimiter) take(ip netip.Addr) (bool, time.Duration) {
	now := l.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.bucket[ip]
	if !ok {
		if len(l.bucket) >= maxBuckets {
			l.dropFull(now)
		}
		b = &bucket{tokens: float64(l.Burst), at: now}
		l.bucket[ip] = b
	}
	if d := now.Sub(b.at).Seconds(); d > 0 {
		b.tokens = math.Min(float64(l.Burst), b.tokens+d*l.perSec)
		b.at = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.perSec * float64(time.Second))
	return false, wait
}

// dropFull forgets the buckets that refilled completely.
func (l *rateLimiter) dropFull(now time.Time) {
	for ip, b := range l.bucket {
		if b.tokens+now.Sub(b.at).Seconds()*l.perSec >= float64(l.Burst) {
			delete(l.bucket, ip)
		}
	}
}

// clientIP is the connection's peer, or, when the peer is a trusted proxy,
// the right-most address of X-Forwarded-For that is not a trusted proxy.
func (l *rateLimiter) clientIP(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	ip = ip.Unmap()
	if !l.trusted(ip) {
		return ip
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return ip // a malformed hop: stop at the last proxy we trust
		}
		hop = hop.Unmap()
		if !l.trusted(hop) {
			return hop
		}
		ip = hop
	}
	return ip
}

func (l *rateLimiter) trusted(ip netip.Addr) bool {
	for _, p := range l.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// limitAnonymous answers requests without a token over their IP's rate
// with 429, Retry-After (whole seconds, at least 1) and a RATE_LIMITED
// error, before they reach the database.
func limitAnonymous(p Public, next http.Handler) http.Handler {
	if p.RatePerMinute <= 0 {
		return next
	}
	l := newRateLimiter(p)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" || r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		ok, wait := l.take(l.clientIP(r))
		if ok {
			next.ServeHTTP(w, r)
			return
		}
		secs := max(1, int(math.Ceil(wait.Seconds())))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		w.Header().Set("Cache-Control", "no-store")
		media, ok := negotiate(r.Header.Values("Accept"))
		if !ok {
			media = mediaJSON
		}
		infoFrom(r.Context()).addCodes(string(apperr.RateLimited))
		writeResponse(w, media, http.StatusTooManyRequests, &requestErrorResponse{Errors: gqlerror.List{{
			Message:    "too many requests without a token from this address; retry after " + strconv.Itoa(secs) + " s",
			Extensions: map[string]any{"code": string(apperr.RateLimited), "retryAfterSeconds": secs},
		}}})
	})
}

// publicAnswer reports whether the answer to this request may be shared:
// an anonymous GET of a query whose root fields are all public, answered
// without errors.
func publicAnswer(r *http.Request, rc *graphql.OperationContext, resp *graphql.Response) bool {
	if r.Method != http.MethodGet || r.Header.Get("Authorization") != "" || r.Header.Get(InvitationHeader) != "" ||
		rc.Operation.Operation != ast.Query || len(resp.Errors) > 0 || len(rc.Operation.SelectionSet) == 0 {
		return false
	}
	for _, sel := range rc.Operation.SelectionSet {
		f, ok := sel.(*ast.Field)
		if !ok || !publicFields[f.Name] || len(f.Directives) > 0 {
			return false // fragments at the root: not worth resolving here
		}
	}
	return true
}

// writePublic sends a shareable answer: Cache-Control public with max-age,
// a strong ETag (a hash of the body) and 304 without a body when the client
// holds that ETag.
func writePublic(w http.ResponseWriter, r *http.Request, media string, maxAge time.Duration, body []byte) {
	sum := sha256.Sum256(append([]byte(media+"\n"), body...))
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	h := w.Header()
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(maxAge.Seconds())))
	h.Set("ETag", etag)
	if etagMatches(r.Header.Values("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

func etagMatches(header []string, etag string) bool {
	for _, line := range header {
		for _, t := range strings.Split(line, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || t == etag || strings.TrimPrefix(t, "W/") == etag {
				return true
			}
		}
	}
	return false
}
