// Package auth authenticates API requests with JWTs: HS256 with a shared
// secret for development, or RS256/ES256/EdDSA with keys from an OIDC
// issuer's JWKS in production. It knows nothing about persons; the
// middleware hands verified claims to a resolver supplied by the caller.
package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Defaults applied by NewVerifier to zero Config fields.
const (
	DefaultClockSkew              = 30 * time.Second
	DefaultJWKSRefreshMinInterval = time.Minute
	DefaultJWKSMaxAge             = time.Hour
	// MinSecretLen is the shortest HS256 secret accepted (256 bits).
	MinSecretLen = 32
)

// maxTokenLen bounds the work an anonymous caller can make us do.
const maxTokenLen = 16 << 10

var (
	hmacAlgorithms = []string{"HS256"}
	jwksAlgorithms = []string{"RS256", "ES256", "EdDSA"}
)

// Config selects how tokens are verified. Exactly one mode applies:
//   - Secret set: HS256 only (Issuer, if set, is only compared with iss);
//   - JWKSURL set, or Issuer set without Secret: RS256/ES256/EdDSA with keys
//     from the JWKS (found by OIDC discovery from Issuer when JWKSURL is empty);
//   - nothing set: every token is rejected (anonymous-only server).
type Config struct {
	Secret   []byte
	JWKSURL  string
	Issuer   string
	Audience string // when set, aud must contain it

	// Algorithms narrows the allow-list of the mode; it can never widen it.
	Algorithms []string

	ClockSkew              time.Duration // zero means DefaultClockSkew
	JWKSRefreshMinInterval time.Duration // zero means DefaultJWKSRefreshMinInterval
	// JWKSMaxAge is how long a fetched key set is trusted before it is
	// refreshed, so keys the issuer removed stop working. Zero means
	// DefaultJWKSMaxAge.
	JWKSMaxAge time.Duration

	HTTPClient *http.Client // nil means a client with a 10s timeout
	Now        func() time.Time
	Logger     *slog.Logger // used by Middleware; nil means slog.Default()
}

type mode int

const (
	modeNone mode = iota
	modeHMAC
	modeJWKS
)

func (c Config) mode() mode {
	switch {
	case len(c.Secret) > 0:
		return modeHMAC
	case c.JWKSURL != "" || c.Issuer != "":
		return modeJWKS
	}
	return modeNone
}

// Validate reports configuration mistakes that would weaken verification.
func (c Config) Validate() error {
	if c.ClockSkew < 0 || c.JWKSRefreshMinInterval < 0 || c.JWKSMaxAge < 0 {
		return errors.New("auth: durations must not be negative")
	}
	var family []string
	switch c.mode() {
	case modeNone:
		if len(c.Algorithms) > 0 {
			return errors.New("auth: algorithms set but no secret, JWKS URL or issuer")
		}
		return nil
	case modeHMAC:
		if len(c.Secret) < MinSecretLen {
			return fmt.Errorf("auth: secret must be at least %d bytes", MinSecretLen)
		}
		// One deployment, one key family: a dev secret must not be able to
		// mint tokens a production issuer's users would be trusted with.
		if c.JWKSURL != "" {
			return errors.New("auth: set either a secret or a JWKS URL, not both")
		}
		family = hmacAlgorithms
	case modeJWKS:
		u := c.JWKSURL
		if u == "" {
			u = c.Issuer
		}
		if err := checkFetchURL(u); err != nil {
			return err
		}
		family = jwksAlgorithms
	}
	for _, a := range c.Algorithms {
		if !slices.Contains(family, a) {
			return fmt.Errorf("auth: algorithm %q not allowed with this configuration (allowed: %v)", a, family)
		}
	}
	return nil
}

// checkFetchURL insists on https so keys cannot be swapped in transit;
// plain http is tolerated for loopback (a local identity provider).
func checkFetchURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("auth: invalid URL %q", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		host := u.Hostname()
		if ip := net.ParseIP(host); host == "localhost" || ip != nil && ip.IsLoopback() {
			return nil
		}
	}
	return fmt.Errorf("auth: %q must use https", raw)
}

// Verification failures. Their messages never include any part of the token
// and are meant for clients, except ErrKeysUnavailable (a server-side
// failure whose message may name the JWKS URL; log it, answer 503).
var (
	ErrMalformed       = errors.New("malformed token")
	ErrAlgorithm       = errors.New("signing algorithm not allowed")
	ErrBadSignature    = errors.New("bad signature")
	ErrUnknownKey      = errors.New("unknown signing key")
	ErrExpired         = errors.New("token expired")
	ErrNotYetValid     = errors.New("token not yet valid")
	ErrBadIssuer       = errors.New("wrong issuer")
	ErrBadAudience     = errors.New("wrong audience")
	ErrMissingSubject  = errors.New("missing subject")
	ErrDisabled        = errors.New("token authentication is not configured")
	ErrKeysUnavailable = errors.New("signing keys unavailable")
)

// Claims are the verified facts about the caller.
type Claims struct {
	Subject       string
	Issuer        string
	Email         string
	EmailVerified bool // only a verified email may be used to link a login to a person
	Name          string
	ExpiresAt     time.Time
}

type tokenClaims struct {
	jwt.RegisteredClaims
	Email         string   `json:"email,omitempty"`
	EmailVerified flexBool `json:"email_verified,omitempty"`
	Name          string   `json:"name,omitempty"`
}

// flexBool accepts "true" as well as true: some providers send strings.
type flexBool bool

func (b *flexBool) UnmarshalJSON(data []byte) error {
	switch string(data) {
	case "true", `"true"`:
		*b = true
	default:
		*b = false
	}
	return nil
}

// Verifier checks tokens. It is safe for concurrent use.
type Verifier struct {
	mode   mode
	algs   []string
	secret []byte
	keys   *keySet
	parser *jwt.Parser
	issuer string
	logger *slog.Logger
}

// NewVerifier validates cfg and returns a Verifier. It does no network I/O:
// the JWKS (and OIDC discovery) is fetched on the first token that needs it;
// call Refresh to fetch eagerly, e.g. to log an unreachable issuer at start.
func NewVerifier(ctx context.Context, cfg Config) (*Verifier, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.ClockSkew == 0 {
		cfg.ClockSkew = DefaultClockSkew
	}
	if cfg.JWKSRefreshMinInterval == 0 {
		cfg.JWKSRefreshMinInterval = DefaultJWKSRefreshMinInterval
	}
	if cfg.JWKSMaxAge == 0 {
		cfg.JWKSMaxAge = DefaultJWKSMaxAge
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: fetchTimeout}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	v := &Verifier{mode: cfg.mode(), issuer: cfg.Issuer, logger: cfg.Logger}
	switch v.mode {
	case modeHMAC:
		v.algs = hmacAlgorithms
		v.secret = slices.Clone(cfg.Secret)
	case modeJWKS:
		v.algs = jwksAlgorithms
		v.keys = newKeySet(cfg)
	}
	if len(cfg.Algorithms) > 0 {
		v.algs = slices.Clone(cfg.Algorithms)
	}
	opts := []jwt.ParserOption{
		jwt.WithValidMethods(v.algs),
		jwt.WithLeeway(cfg.ClockSkew),
		jwt.WithTimeFunc(cfg.Now),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
	}
	if cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(cfg.Issuer))
	}
	if cfg.Audience != "" {
		opts = append(opts, jwt.WithAudience(cfg.Audience))
	}
	v.parser = jwt.NewParser(opts...)
	return v, nil
}

// Enabled reports whether any token can be accepted.
func (v *Verifier) Enabled() bool { return v != nil && v.mode != modeNone }

// Algorithms returns the allow-list in effect.
func (v *Verifier) Algorithms() []string {
	if !v.Enabled() {
		return nil
	}
	return slices.Clone(v.algs)
}

// Refresh fetches the JWKS now, regardless of the refresh rate limit.
// It is a no-op unless the Verifier uses a JWKS.
func (v *Verifier) Refresh(ctx context.Context) error {
	if v == nil || v.keys == nil {
		return nil
	}
	return v.keys.forceRefresh(ctx)
}

// Verify checks raw and returns its claims. Errors wrap one of the Err*
// sentinels above.
func (v *Verifier) Verify(ctx context.Context, raw string) (*Claims, error) {
	if !v.Enabled() {
		return nil, ErrDisabled
	}
	if raw == "" || len(raw) > maxTokenLen {
		return nil, ErrMalformed
	}
	var keyErr error
	var tc tokenClaims
	tok, err := v.parser.ParseWithClaims(raw, &tc, func(t *jwt.Token) (any, error) {
		k, err := v.key(ctx, t)
		keyErr = err
		return k, err
	})
	if keyErr != nil {
		return nil, keyErr
	}
	if err != nil {
		return nil, v.classify(tok, &tc, err)
	}
	if tc.Subject == "" {
		return nil, ErrMissingSubject
	}
	c := &Claims{
		Subject:       tc.Subject,
		Issuer:        tc.Issuer,
		Email:         tc.Email,
		EmailVerified: bool(tc.EmailVerified),
		Name:          tc.Name,
	}
	if tc.ExpiresAt != nil {
		c.ExpiresAt = tc.ExpiresAt.Time
	}
	return c, nil
}

// key is the jwt.Keyfunc: it returns a key only of the type the token's alg
// needs, so an HMAC alg can never be paired with public key bytes.
func (v *Verifier) key(ctx context.Context, t *jwt.Token) (any, error) {
	alg := t.Method.Alg()
	if !slices.Contains(v.algs, alg) {
		return nil, ErrAlgorithm
	}
	if v.mode == modeHMAC {
		if alg != "HS256" {
			return nil, ErrAlgorithm
		}
		return v.secret, nil
	}
	kid, _ := t.Header["kid"].(string)
	if kid == "" {
		return nil, fmt.Errorf("%w: no kid in token header", ErrUnknownKey)
	}
	k, err := v.keys.get(ctx, kid)
	if err != nil {
		return nil, err
	}
	if (k.alg != "" && k.alg != alg) || !k.fits(alg) {
		return nil, fmt.Errorf("%w: key does not match algorithm", ErrAlgorithm)
	}
	return k.key, nil
}

// classify maps a golang-jwt error to ours without keeping its message,
// which may quote decoded token content.
func (v *Verifier) classify(tok *jwt.Token, tc *tokenClaims, err error) error {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return ErrMalformed
	case tok == nil || tok.Method == nil || !slices.Contains(v.algs, tok.Method.Alg()):
		return ErrAlgorithm
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return ErrBadSignature
	case errors.Is(err, jwt.ErrTokenExpired):
		return ErrExpired
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return ErrNotYetValid
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return fmt.Errorf("%w: issued in the future", ErrNotYetValid)
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return ErrBadIssuer
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return ErrBadAudience
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		switch {
		case tc.ExpiresAt == nil:
			return fmt.Errorf("%w: missing exp", ErrMalformed)
		case v.issuer != "" && tc.Issuer == "":
			return fmt.Errorf("%w: missing iss", ErrBadIssuer)
		default:
			return fmt.Errorf("%w: missing aud", ErrBadAudience)
		}
	}
	return ErrMalformed
}
