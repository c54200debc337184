package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strings"

	"github.com/coopnetwork/cockpit/internal/auth"
	"github.com/coopnetwork/cockpit/internal/store"
)

// authFlags are the identity settings shared by serve and token.
type authFlags struct {
	secret, jwksURL, issuer, audience *string
}

func (f *flags) auth() authFlags {
	return authFlags{
		secret:   f.string("jwt-secret", "", "HS256 secret (at least 32 bytes) for development tokens"),
		jwksURL:  f.string("jwt-jwks-url", "", "JWKS URL of the identity provider (RS256, ES256, EdDSA)"),
		issuer:   f.string("jwt-issuer", "", "expected iss; without --jwt-jwks-url also the OIDC issuer to discover keys from"),
		audience: f.string("jwt-audience", "", "expected aud, checked when set"),
	}
}

// devSecretPath is where a development secret for an embedded database is
// kept: beside the SQLite file, readable only by its owner.
func devSecretPath(dbURL string) (string, bool) {
	dia, _, err := store.DSN(dbURL)
	if err != nil || dia == "postgres" || strings.Contains(dbURL, "mode=memory") {
		return "", false
	}
	path := strings.TrimPrefix(strings.TrimPrefix(dbURL, "sqlite://"), "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if path == "" {
		path = store.DefaultURL
	}
	return path + ".jwt-secret", true
}

// config builds the verifier configuration. Without any setting, and only
// for an embedded database, the development secret file is used; create says
// whether to create it when missing (serve --demo does, token never does).
func (a authFlags) config(dbURL string, create bool, logger *slog.Logger) (auth.Config, error) {
	cfg := auth.Config{
		Secret:   []byte(*a.secret),
		JWKSURL:  *a.jwksURL,
		Issuer:   *a.issuer,
		Audience: *a.audience,
		Logger:   logger,
	}
	if *a.secret == "" && *a.jwksURL == "" && *a.issuer == "" {
		if path, ok := devSecretPath(dbURL); ok {
			secret, err := readOrCreateSecret(path, create)
			if err != nil {
				return cfg, err
			}
			cfg.Secret = secret
		}
	}
	return cfg, cfg.Validate()
}

func readOrCreateSecret(path string, create bool) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		return []byte(strings.TrimSpace(string(b))), nil
	}
	if !errors.Is(err, fs.ErrNotExist) || !create {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	secret := hex.EncodeToString(raw)
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("writing development secret: %w", err)
	}
	return []byte(secret), nil
}

func newVerifier(ctx context.Context, cfg auth.Config, logger *slog.Logger) (*auth.Verifier, error) {
	v, err := auth.NewVerifier(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if !v.Enabled() {
		logger.Warn("no JWT configuration: every request is anonymous and sees nothing; set COCKPIT_JWT_SECRET or COCKPIT_JWT_ISSUER")
	}
	return v, nil
}
