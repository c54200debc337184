package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const testAudience = "cockpit"

var t0 = time.Date(2031, 3, 4, 10, 0, 0, 0, time.UTC)

// testKeys are generated once: RSA generation is slow under -race.
var testKeys = sync.OnceValue(func() (k struct {
	rsa, rsa2, rsaOther *rsa.PrivateKey
	ec                  *ecdsa.PrivateKey
	ed                  ed25519.PrivateKey
}) {
	var err error
	for _, p := range []**rsa.PrivateKey{&k.rsa, &k.rsa2, &k.rsaOther} {
		if *p, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	}
	if k.ec, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		panic(err)
	}
	if _, k.ed, err = ed25519.GenerateKey(rand.Reader); err != nil {
		panic(err)
	}
	return k
})

func enc(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func rsaJWK(kid string, pub *rsa.PublicKey) map[string]any {
	return map[string]any{"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
		"n": enc(pub.N.Bytes()), "e": enc(big.NewInt(int64(pub.E)).Bytes())}
}

func ecJWK(kid string, pub *ecdsa.PublicKey) map[string]any {
	b, err := pub.Bytes()
	if err != nil {
		panic(err)
	}
	return map[string]any{"kty": "EC", "kid": kid, "crv": "P-256", "x": enc(b[1:33]), "y": enc(b[33:])}
}

func edJWK(kid string, pub ed25519.PublicKey) map[string]any {
	return map[string]any{"kty": "OKP", "kid": kid, "crv": "Ed25519", "x": enc(pub)}
}

// idp is an in-test OIDC issuer: discovery document plus JWKS.
type idp struct {
	srv           *httptest.Server
	mu            sync.Mutex
	keys          []map[string]any
	jwksHits      atomic.Int32
	discoveryHits atomic.Int32
	fail          atomic.Bool
}

func newIDP(t *testing.T) *idp {
	t.Helper()
	k := testKeys()
	p := &idp{keys: []map[string]any{
		rsaJWK("rsa-1", &k.rsa.PublicKey),
		ecJWK("ec-1", &k.ec.PublicKey),
		edJWK("ed-1", k.ed.Public().(ed25519.PublicKey)),
		// Keys a real JWKS may hold that we must skip.
		{"kty": "RSA", "kid": "enc-1", "use": "enc", "n": enc(k.rsa2.N.Bytes()), "e": "AQAB"},
		{"kty": "EC", "kid": "p384", "crv": "P-384", "x": "AAAA", "y": "AAAA"},
		{"kty": "oct", "kid": "sym", "k": enc([]byte("0123456789abcdef0123456789abcdef"))},
	}}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		p.discoveryHits.Add(1)
		_ = json.NewEncoder(w).Encode(map[string]string{"issuer": p.srv.URL, "jwks_uri": p.srv.URL + "/jwks"})
	})
	mux.HandleFunc("/jwks", func(w http.ResponseWriter, r *http.Request) {
		p.jwksHits.Add(1)
		if p.fail.Load() {
			http.Error(w, "down", http.StatusBadGateway)
			return
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": p.keys})
	})
	p.srv = httptest.NewTLSServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *idp) setKeys(keys ...map[string]any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys = keys
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newVerifier(t *testing.T, cfg Config) *Verifier {
	t.Helper()
	v, err := NewVerifier(context.Background(), cfg)
	if err != nil {
		t.Fatalf("NewVerifier: %v", err)
	}
	return v
}

func jwksVerifier(t *testing.T, p *idp, clk *fakeClock) *Verifier {
	return newVerifier(t, Config{Issuer: p.srv.URL, Audience: testAudience,
		HTTPClient: p.srv.Client(), Now: clk.Now})
}

func claimsAt(now time.Time, iss string, mods ...func(jwt.MapClaims)) jwt.MapClaims {
	c := jwt.MapClaims{
		"sub":            "person-42",
		"iss":            iss,
		"aud":            testAudience,
		"iat":            now.Unix(),
		"exp":            now.Add(time.Hour).Unix(),
		"email":          "ada@example.coop",
		"email_verified": true,
		"name":           "Ada",
	}
	for _, m := range mods {
		m(c)
	}
	return c
}

func set(k string, v any) func(jwt.MapClaims) { return func(c jwt.MapClaims) { c[k] = v } }
func del(k string) func(jwt.MapClaims)        { return func(c jwt.MapClaims) { delete(c, k) } }

func sign(t *testing.T, m jwt.SigningMethod, key any, kid string, c jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(m, c)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	return s
}

// tamper swaps the payload of a signed token, keeping header and signature.
func tamper(t *testing.T, tok string, c jwt.MapClaims) string {
	t.Helper()
	parts := strings.Split(tok, ".")
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	parts[1] = enc(b)
	return strings.Join(parts, ".")
}

type verifyCase struct {
	name    string
	token   func(t *testing.T) string
	wantErr error // nil: accepted
}

func runVerifyCases(t *testing.T, v *Verifier, cases []verifyCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tok := tc.token(t)
			c, err := v.Verify(context.Background(), tok)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if c.Subject != "person-42" || c.Email != "ada@example.coop" || !c.EmailVerified || c.Name != "Ada" {
					t.Errorf("claims = %+v", c)
				}
				if c.ExpiresAt.IsZero() {
					t.Errorf("ExpiresAt not set")
				}
				return
			}
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Verify error = %v, want %v", err, tc.wantErr)
			}
			if c != nil {
				t.Errorf("claims returned with error")
			}
			for _, part := range append(strings.Split(tok, "."), tok) {
				if len(part) > 8 && strings.Contains(err.Error(), part) {
					t.Errorf("error %q echoes the token", err)
				}
			}
		})
	}
}

func TestVerifyJWKS(t *testing.T) {
	k := testKeys()
	p := newIDP(t)
	clk := &fakeClock{t: t0}
	v := jwksVerifier(t, p, clk)
	iss := p.srv.URL
	now := t0
	claims := func(mods ...func(jwt.MapClaims)) jwt.MapClaims { return claimsAt(now, iss, mods...) }
	pubDER, err := x509.MarshalPKIXPublicKey(&k.rsa.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	rs := func(c jwt.MapClaims) func(*testing.T) string {
		return func(t *testing.T) string { return sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", c) }
	}

	runVerifyCases(t, v, []verifyCase{
		{"RS256 ok", rs(claims()), nil},
		{"ES256 ok", func(t *testing.T) string { return sign(t, jwt.SigningMethodES256, k.ec, "ec-1", claims()) }, nil},
		{"EdDSA ok", func(t *testing.T) string { return sign(t, jwt.SigningMethodEdDSA, k.ed, "ed-1", claims()) }, nil},
		{"aud list containing ours", rs(claims(set("aud", []string{"other", testAudience}))), nil},
		{"email_verified as string", rs(claims(set("email_verified", "true"))), nil},
		{"expired within skew", rs(claims(set("exp", now.Add(-20*time.Second).Unix()))), nil},
		{"nbf within skew", rs(claims(set("nbf", now.Add(20*time.Second).Unix()))), nil},

		{"expired", rs(claims(set("exp", now.Add(-time.Minute).Unix()))), ErrExpired},
		{"not yet valid", rs(claims(set("nbf", now.Add(time.Hour).Unix()))), ErrNotYetValid},
		{"issued in the future", rs(claims(set("iat", now.Add(time.Hour).Unix()))), ErrNotYetValid},
		{"wrong issuer", rs(claims(set("iss", "https://evil.example"))), ErrBadIssuer},
		{"missing issuer", rs(claims(del("iss"))), ErrBadIssuer},
		{"wrong audience", rs(claims(set("aud", "someone-else"))), ErrBadAudience},
		{"missing audience", rs(claims(del("aud"))), ErrBadAudience},
		{"missing sub", rs(claims(del("sub"))), ErrMissingSubject},
		{"empty sub", rs(claims(set("sub", ""))), ErrMissingSubject},
		{"missing exp", rs(claims(del("exp"))), ErrMalformed},
		{"tampered payload", func(t *testing.T) string {
			return tamper(t, rs(claims())(t), claims(set("sub", "admin")))
		}, ErrBadSignature},
		{"signed by another RSA key", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodRS256, k.rsaOther, "rsa-1", claims())
		}, ErrBadSignature},
		{"alg none", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, "rsa-1", claims())
		}, ErrAlgorithm},
		{"HS256 keyed with RSA public key PEM", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodHS256, pubPEM, "rsa-1", claims())
		}, ErrAlgorithm},
		{"HS256 keyed with RSA public key DER", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodHS256, pubDER, "rsa-1", claims())
		}, ErrAlgorithm},
		{"HS256 with a secret", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodHS256, []byte("0123456789abcdef0123456789abcdef"), "", claims())
		}, ErrAlgorithm},
		{"RS384 not allowed", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodRS384, k.rsa, "rsa-1", claims())
		}, ErrAlgorithm},
		{"RS256 naming the EC key", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodRS256, k.rsa, "ec-1", claims())
		}, ErrAlgorithm},
		{"no kid", func(t *testing.T) string { return sign(t, jwt.SigningMethodRS256, k.rsa, "", claims()) }, ErrUnknownKey},
		{"garbage", func(*testing.T) string { return "garbage" }, ErrMalformed},
		{"garbage segments", func(*testing.T) string { return "aaaaaaaaa.bbbbbbbbbb.cccccccccc" }, ErrMalformed},
		{"empty", func(*testing.T) string { return "" }, ErrMalformed},
	})
	if got := p.discoveryHits.Load(); got != 1 {
		t.Errorf("discovery fetched %d times, want 1", got)
	}
}

func TestVerifyHS256(t *testing.T) {
	k := testKeys()
	secret := []byte("a-development-secret-of-32-bytes!")
	const iss = "cockpit-dev"
	v := newVerifier(t, Config{Secret: secret, Issuer: iss, Audience: testAudience, Now: func() time.Time { return t0 }})
	if got := v.Algorithms(); len(got) != 1 || got[0] != "HS256" {
		t.Fatalf("Algorithms() = %v", got)
	}
	claims := func(mods ...func(jwt.MapClaims)) jwt.MapClaims { return claimsAt(t0, iss, mods...) }
	hs := func(c jwt.MapClaims) func(*testing.T) string {
		return func(t *testing.T) string { return sign(t, jwt.SigningMethodHS256, secret, "", c) }
	}
	runVerifyCases(t, v, []verifyCase{
		{"HS256 ok", hs(claims()), nil},
		{"expired", hs(claims(set("exp", t0.Add(-time.Hour).Unix()))), ErrExpired},
		{"wrong issuer", hs(claims(set("iss", "elsewhere"))), ErrBadIssuer},
		{"wrong secret", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodHS256, []byte("another-secret-also-32-bytes-long"), "", claims())
		}, ErrBadSignature},
		{"HS512 with the secret", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodHS512, secret, "", claims())
		}, ErrAlgorithm},
		{"RS256 when only a secret is configured", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", claims())
		}, ErrAlgorithm},
		{"alg none", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, "", claims())
		}, ErrAlgorithm},
	})
}

func TestMintHS256(t *testing.T) {
	secret := []byte("a-development-secret-of-32-bytes!")
	tok, err := MintHS256(secret, "person-7", time.Hour, "cockpit-dev", testAudience, t0)
	if err != nil {
		t.Fatal(err)
	}
	at := t0.Add(59 * time.Minute)
	v := newVerifier(t, Config{Secret: secret, Issuer: "cockpit-dev", Audience: testAudience, Now: func() time.Time { return at }})
	c, err := v.Verify(context.Background(), tok)
	if err != nil {
		t.Fatalf("Verify minted token: %v", err)
	}
	if c.Subject != "person-7" || !c.ExpiresAt.Equal(t0.Add(time.Hour)) || c.Issuer != "cockpit-dev" {
		t.Errorf("claims = %+v", c)
	}
	at = t0.Add(2 * time.Hour)
	if _, err := v.Verify(context.Background(), tok); !errors.Is(err, ErrExpired) {
		t.Errorf("after ttl: %v, want ErrExpired", err)
	}

	for name, mint := range map[string]func() (string, error){
		"short secret":  func() (string, error) { return MintHS256(secret[:31], "p", time.Hour, "", "", t0) },
		"empty subject": func() (string, error) { return MintHS256(secret, "", time.Hour, "", "", t0) },
		"zero ttl":      func() (string, error) { return MintHS256(secret, "p", 0, "", "", t0) },
	} {
		if _, err := mint(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestUnknownKidRefetchIsRateLimited(t *testing.T) {
	k := testKeys()
	p := newIDP(t)
	clk := &fakeClock{t: t0}
	v := jwksVerifier(t, p, clk)
	if p.jwksHits.Load() != 0 || p.discoveryHits.Load() != 0 {
		t.Fatal("NewVerifier fetched eagerly")
	}
	verify := func(kid string) error {
		_, err := v.Verify(context.Background(), sign(t, jwt.SigningMethodRS256, k.rsa, kid, claimsAt(clk.Now(), p.srv.URL)))
		return err
	}
	wantHits := func(n int32) {
		t.Helper()
		if got := p.jwksHits.Load(); got != n {
			t.Fatalf("JWKS fetched %d times, want %d", got, n)
		}
	}

	if err := verify("rsa-1"); err != nil {
		t.Fatal(err)
	}
	wantHits(1)
	clk.Advance(2 * time.Minute)
	if err := verify("nope-1"); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("unknown kid: %v", err)
	}
	wantHits(2) // refetched once
	for i := range 5 {
		clk.Advance(5 * time.Second)
		if err := verify("nope-" + string(rune('a'+i))); !errors.Is(err, ErrUnknownKey) {
			t.Fatalf("unknown kid: %v", err)
		}
	}
	wantHits(2) // within the minimum interval: no refetch
	if err := verify("rsa-1"); err != nil {
		t.Fatalf("known kid after unknown ones: %v", err)
	}
	clk.Advance(time.Minute)
	_ = verify("nope-z")
	wantHits(3)
}

func TestKeyRotation(t *testing.T) {
	k := testKeys()
	p := newIDP(t)
	clk := &fakeClock{t: t0}
	v := jwksVerifier(t, p, clk)
	if _, err := v.Verify(context.Background(), sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", claimsAt(t0, p.srv.URL))); err != nil {
		t.Fatal(err)
	}
	clk.Advance(10 * time.Minute)
	p.setKeys(rsaJWK("rsa-1", &k.rsa.PublicKey), rsaJWK("rsa-2", &k.rsa2.PublicKey))
	c, err := v.Verify(context.Background(), sign(t, jwt.SigningMethodRS256, k.rsa2, "rsa-2", claimsAt(clk.Now(), p.srv.URL)))
	if err != nil {
		t.Fatalf("new kid: %v", err)
	}
	if c.Subject != "person-42" {
		t.Errorf("claims = %+v", c)
	}
	if got := p.jwksHits.Load(); got != 2 {
		t.Errorf("JWKS fetched %d times, want 2", got)
	}
}

func TestWithdrawnKeyStopsWorkingAfterMaxAge(t *testing.T) {
	k := testKeys()
	p := newIDP(t)
	clk := &fakeClock{t: t0}
	v := jwksVerifier(t, p, clk)
	verify := func() error {
		_, err := v.Verify(context.Background(), sign(t, jwt.SigningMethodES256, k.ec, "ec-1", claimsAt(clk.Now(), p.srv.URL)))
		return err
	}
	if err := verify(); err != nil {
		t.Fatal(err)
	}
	p.setKeys(rsaJWK("rsa-1", &k.rsa.PublicKey))
	clk.Advance(DefaultJWKSMaxAge - time.Minute)
	if err := verify(); err != nil {
		t.Fatalf("cached key before max age: %v", err)
	}
	clk.Advance(2 * time.Minute)
	if err := verify(); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("withdrawn key after max age: %v, want ErrUnknownKey", err)
	}
}

func TestStaleKeysServeWhileIssuerIsDown(t *testing.T) {
	k := testKeys()
	p := newIDP(t)
	clk := &fakeClock{t: t0}
	v := jwksVerifier(t, p, clk)
	verify := func() error {
		_, err := v.Verify(context.Background(), sign(t, jwt.SigningMethodEdDSA, k.ed, "ed-1", claimsAt(clk.Now(), p.srv.URL)))
		return err
	}
	if err := verify(); err != nil {
		t.Fatal(err)
	}
	p.fail.Store(true)
	clk.Advance(2 * DefaultJWKSMaxAge)
	if err := verify(); err != nil {
		t.Fatalf("stale key with issuer down: %v", err)
	}
}

func TestKeysUnavailable(t *testing.T) {
	k := testKeys()
	p := newIDP(t)
	p.fail.Store(true)
	clk := &fakeClock{t: t0}
	// Explicit JWKS URL: no discovery.
	v := newVerifier(t, Config{JWKSURL: p.srv.URL + "/jwks", HTTPClient: p.srv.Client(), Now: clk.Now})
	tok := sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", claimsAt(t0, "anyone"))
	for range 3 {
		if _, err := v.Verify(context.Background(), tok); !errors.Is(err, ErrKeysUnavailable) {
			t.Fatalf("issuer down: %v, want ErrKeysUnavailable", err)
		}
	}
	if got := p.jwksHits.Load(); got != 1 {
		t.Errorf("JWKS fetched %d times while down, want 1", got)
	}
	if err := v.Refresh(context.Background()); err == nil {
		t.Error("Refresh succeeded while issuer down")
	}
	p.fail.Store(false)
	clk.Advance(DefaultJWKSRefreshMinInterval)
	if _, err := v.Verify(context.Background(), tok); err != nil {
		t.Fatalf("issuer back: %v", err)
	}
	if got := p.discoveryHits.Load(); got != 0 {
		t.Errorf("discovery used with explicit JWKS URL")
	}
}

func TestDiscoveryIssuerMismatch(t *testing.T) {
	p := newIDP(t)
	v := newVerifier(t, Config{Issuer: p.srv.URL + "/", HTTPClient: p.srv.Client()})
	if err := v.Refresh(context.Background()); err == nil || !strings.Contains(err.Error(), "issuer") {
		t.Fatalf("Refresh: %v, want issuer mismatch", err)
	}
}

func TestConcurrentVerify(t *testing.T) {
	k := testKeys()
	p := newIDP(t)
	clk := &fakeClock{t: t0}
	v := jwksVerifier(t, p, clk)
	toks := []string{
		sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", claimsAt(t0, p.srv.URL)),
		sign(t, jwt.SigningMethodES256, k.ec, "ec-1", claimsAt(t0, p.srv.URL)),
		sign(t, jwt.SigningMethodEdDSA, k.ed, "ed-1", claimsAt(t0, p.srv.URL)),
	}
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() {
			if _, err := v.Verify(context.Background(), toks[i%len(toks)]); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := p.jwksHits.Load(); got != 1 {
		t.Errorf("JWKS fetched %d times, want 1", got)
	}
}

func TestDisabledVerifierRejectsEverything(t *testing.T) {
	v := newVerifier(t, Config{})
	if v.Enabled() {
		t.Error("Enabled() with empty config")
	}
	tok, err := MintHS256([]byte("a-development-secret-of-32-bytes!"), "p", time.Hour, "", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(context.Background(), tok); !errors.Is(err, ErrDisabled) {
		t.Errorf("Verify: %v, want ErrDisabled", err)
	}
	var nilV *Verifier
	if _, err := nilV.Verify(context.Background(), tok); !errors.Is(err, ErrDisabled) {
		t.Errorf("nil Verify: %v, want ErrDisabled", err)
	}
}

func TestConfigValidate(t *testing.T) {
	secret := []byte("a-development-secret-of-32-bytes!")
	for _, tc := range []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"empty (anonymous only)", Config{}, true},
		{"secret", Config{Secret: secret, Issuer: "cockpit-dev"}, true},
		{"short secret", Config{Secret: secret[:31]}, false},
		{"secret and JWKS", Config{Secret: secret, JWKSURL: "https://idp.example/jwks"}, false},
		{"JWKS URL", Config{JWKSURL: "https://idp.example/jwks"}, true},
		{"issuer discovery", Config{Issuer: "https://idp.example/realms/coop"}, true},
		{"plain http JWKS", Config{JWKSURL: "http://idp.example/jwks"}, false},
		{"plain http issuer", Config{Issuer: "http://idp.example"}, false},
		{"plain http on loopback", Config{Issuer: "http://127.0.0.1:8080"}, true},
		{"plain http on localhost", Config{JWKSURL: "http://localhost:8080/jwks"}, true},
		{"narrowed JWKS algorithms", Config{Issuer: "https://idp.example", Algorithms: []string{"ES256"}}, true},
		{"HS256 with JWKS", Config{Issuer: "https://idp.example", Algorithms: []string{"HS256"}}, false},
		{"RS256 with secret", Config{Secret: secret, Algorithms: []string{"RS256"}}, false},
		{"none", Config{Secret: secret, Algorithms: []string{"none"}}, false},
		{"algorithms without keys", Config{Algorithms: []string{"RS256"}}, false},
		{"negative skew", Config{Secret: secret, ClockSkew: -time.Second}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			if (err == nil) != tc.ok {
				t.Errorf("Validate() = %v, want ok=%v", err, tc.ok)
			}
			if _, nerr := NewVerifier(context.Background(), tc.cfg); (nerr == nil) != tc.ok {
				t.Errorf("NewVerifier error = %v, want ok=%v", nerr, tc.ok)
			}
		})
	}
}

func TestNarrowedAlgorithms(t *testing.T) {
	k := testKeys()
	p := newIDP(t)
	v := newVerifier(t, Config{Issuer: p.srv.URL, HTTPClient: p.srv.Client(), Algorithms: []string{"ES256"},
		Now: func() time.Time { return t0 }})
	if _, err := v.Verify(context.Background(), sign(t, jwt.SigningMethodES256, k.ec, "ec-1", claimsAt(t0, p.srv.URL))); err != nil {
		t.Fatalf("ES256: %v", err)
	}
	if _, err := v.Verify(context.Background(), sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", claimsAt(t0, p.srv.URL))); !errors.Is(err, ErrAlgorithm) {
		t.Fatalf("RS256: %v, want ErrAlgorithm", err)
	}
}

func TestParseJWKSSkipsWeakAndForeignKeys(t *testing.T) {
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	k := testKeys()
	var set []jwk
	b, _ := json.Marshal([]map[string]any{
		rsaJWK("small", &small.PublicKey),
		rsaJWK("ok", &k.rsa.PublicKey),
		{"kty": "RSA", "kid": "rs512", "alg": "RS512", "n": enc(k.rsa.N.Bytes()), "e": "AQAB"},
		{"kty": "RSA", "kid": "even-e", "n": enc(k.rsa.N.Bytes()), "e": "AAI"},
		{"kty": "EC", "kid": "off-curve", "crv": "P-256", "x": enc(make([]byte, 32)), "y": enc(make([]byte, 32))},
		{"kty": "OKP", "kid": "x25519", "crv": "X25519", "x": enc(make([]byte, 32))},
		{"kty": "OKP", "kid": "short-ed", "crv": "Ed25519", "x": enc(make([]byte, 31))},
		{"kty": "RSA", "n": enc(k.rsa.N.Bytes()), "e": "AQAB"}, // no kid
	})
	if err := json.Unmarshal(b, &set); err != nil {
		t.Fatal(err)
	}
	keys := parseJWKS(set)
	if _, ok := keys["ok"]; !ok || len(keys) != 1 {
		t.Errorf("kept %d keys: %v", len(keys), keys)
	}
}
