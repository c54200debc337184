package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

const (
	fetchTimeout = 10 * time.Second
	maxJSONBytes = 1 << 20
	minRSABits   = 2048
)

var errThrottled = errors.New("refresh rate-limited")

type publicKey struct {
	key any
	alg string // the JWK's alg, if it named one
}

func (k publicKey) fits(alg string) bool {
	switch key := k.key.(type) {
	case *rsa.PublicKey:
		return alg == "RS256"
	case *ecdsa.PublicKey:
		return alg == "ES256" && key.Curve == elliptic.P256()
	case ed25519.PublicKey:
		return alg == "EdDSA"
	}
	return false
}

// keySet caches a JWKS. Unknown kids trigger a synchronous refresh, at most
// once per minInterval whatever the outcome, so forged tokens cannot turn
// us into a request flood against the issuer.
type keySet struct {
	client      *http.Client
	issuer      string
	now         func() time.Time
	minInterval time.Duration
	maxAge      time.Duration

	fetchMu     sync.Mutex // serializes fetches; guards jwksURL, lastAttempt
	jwksURL     string     // empty until discovered
	lastAttempt time.Time

	mu        sync.RWMutex
	keys      map[string]publicKey
	fetchedAt time.Time // zero until the first successful fetch
}

func newKeySet(cfg Config) *keySet {
	return &keySet{
		client:      cfg.HTTPClient,
		issuer:      cfg.Issuer,
		now:         cfg.Now,
		minInterval: cfg.JWKSRefreshMinInterval,
		maxAge:      cfg.JWKSMaxAge,
		jwksURL:     cfg.JWKSURL,
	}
}

func (s *keySet) lookup(kid string) (k publicKey, ok, fresh bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	k, ok = s.keys[kid]
	return k, ok, s.now().Sub(s.fetchedAt) < s.maxAge
}

func (s *keySet) get(ctx context.Context, kid string) (publicKey, error) {
	k, ok, fresh := s.lookup(kid)
	if ok && fresh {
		return k, nil
	}
	if ok {
		// Stale set: refresh unless someone already is; the old key keeps
		// serving if the issuer is unreachable.
		if s.fetchMu.TryLock() {
			_ = s.refreshLocked(ctx, false)
			s.fetchMu.Unlock()
		}
		if k, ok, _ := s.lookup(kid); ok {
			return k, nil
		}
		return publicKey{}, fmt.Errorf("%w: key was withdrawn", ErrUnknownKey)
	}

	s.fetchMu.Lock()
	err := s.refreshLocked(ctx, false)
	s.fetchMu.Unlock()
	if k, ok, _ := s.lookup(kid); ok {
		return k, nil
	}
	if err != nil && !errors.Is(err, errThrottled) {
		return publicKey{}, fmt.Errorf("%w: %v", ErrKeysUnavailable, err)
	}
	s.mu.RLock()
	loaded := !s.fetchedAt.IsZero()
	s.mu.RUnlock()
	if !loaded {
		return publicKey{}, ErrKeysUnavailable
	}
	return publicKey{}, ErrUnknownKey
}

func (s *keySet) forceRefresh(ctx context.Context) error {
	s.fetchMu.Lock()
	defer s.fetchMu.Unlock()
	return s.refreshLocked(ctx, true)
}

func (s *keySet) refreshLocked(ctx context.Context, force bool) error {
	now := s.now()
	if !force && !s.lastAttempt.IsZero() && now.Sub(s.lastAttempt) < s.minInterval {
		return errThrottled
	}
	s.lastAttempt = now
	// A client hanging up must not waste the rate-limited attempt.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), fetchTimeout)
	defer cancel()
	if s.jwksURL == "" {
		u, err := s.discover(ctx)
		if err != nil {
			return err
		}
		s.jwksURL = u
	}
	var doc struct {
		Keys []jwk `json:"keys"`
	}
	if err := s.getJSON(ctx, s.jwksURL, &doc); err != nil {
		return err
	}
	keys := parseJWKS(doc.Keys)
	if len(keys) == 0 {
		// Keep the old keys rather than lock everyone out on a bad response.
		return fmt.Errorf("JWKS at %s has no usable signing keys", s.jwksURL)
	}
	s.mu.Lock()
	s.keys, s.fetchedAt = keys, now
	s.mu.Unlock()
	return nil
}

func (s *keySet) discover(ctx context.Context) (string, error) {
	var doc struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	u := strings.TrimSuffix(s.issuer, "/") + "/.well-known/openid-configuration"
	if err := s.getJSON(ctx, u, &doc); err != nil {
		return "", err
	}
	if doc.Issuer != s.issuer {
		return "", fmt.Errorf("discovery document at %s is for issuer %q", u, doc.Issuer)
	}
	if err := checkFetchURL(doc.JWKSURI); err != nil {
		return "", fmt.Errorf("discovery document at %s: jwks_uri: %w", u, err)
	}
	return doc.JWKSURI, nil
}

func (s *keySet) getJSON(ctx context.Context, url string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxJSONBytes)).Decode(v); err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	return nil
}

// jwk holds the RFC 7517/7518/8037 members we use.
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	Crv string `json:"crv"`
	N   string `json:"n"`
	E   string `json:"e"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

// parseJWKS keeps the signing keys we can use and skips the rest (e.g.
// encryption keys or other curves), as a JWKS may legitimately hold them.
func parseJWKS(set []jwk) map[string]publicKey {
	keys := make(map[string]publicKey, len(set))
	for _, j := range set {
		if j.Kid == "" || (j.Use != "" && j.Use != "sig") ||
			(j.Alg != "" && !slices.Contains(jwksAlgorithms, j.Alg)) {
			continue
		}
		if _, dup := keys[j.Kid]; dup {
			continue
		}
		k, err := parseJWK(j)
		if err != nil {
			continue
		}
		keys[j.Kid] = publicKey{key: k, alg: j.Alg}
	}
	return keys
}

func parseJWK(j jwk) (any, error) {
	switch j.Kty {
	case "RSA":
		n, err1 := b64(j.N)
		e, err2 := b64(j.E)
		if err := errors.Join(err1, err2); err != nil {
			return nil, err
		}
		if len(e) == 0 || len(e) > 4 {
			return nil, errors.New("bad RSA exponent")
		}
		exp := int(new(big.Int).SetBytes(e).Int64())
		if exp < 3 || exp%2 == 0 {
			return nil, errors.New("bad RSA exponent")
		}
		mod := new(big.Int).SetBytes(n)
		if mod.BitLen() < minRSABits {
			return nil, errors.New("RSA key too short")
		}
		return &rsa.PublicKey{N: mod, E: exp}, nil
	case "EC":
		if j.Crv != "P-256" {
			return nil, errors.New("unsupported curve")
		}
		x, err1 := b64(j.X)
		y, err2 := b64(j.Y)
		if err := errors.Join(err1, err2); err != nil {
			return nil, err
		}
		if len(x) != 32 || len(y) != 32 {
			return nil, errors.New("bad P-256 coordinates")
		}
		return ecdsa.ParseUncompressedPublicKey(elliptic.P256(), slices.Concat([]byte{4}, x, y))
	case "OKP":
		if j.Crv != "Ed25519" {
			return nil, errors.New("unsupported curve")
		}
		x, err := b64(j.X)
		if err != nil {
			return nil, err
		}
		if len(x) != ed25519.PublicKeySize {
			return nil, errors.New("bad Ed25519 key")
		}
		return ed25519.PublicKey(x), nil
	}
	return nil, errors.New("unsupported key type")
}

func b64(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}
