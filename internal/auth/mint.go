package auth

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// MintHS256 signs a development token for subject, valid for ttl from now.
// issuer and audience are included when not empty; they must match the
// Issuer and Audience the Verifier is configured with.
func MintHS256(secret []byte, subject string, ttl time.Duration, issuer, audience string, now time.Time) (string, error) {
	switch {
	case len(secret) < MinSecretLen:
		return "", fmt.Errorf("auth: secret must be at least %d bytes", MinSecretLen)
	case subject == "":
		return "", errors.New("auth: subject is required")
	case ttl <= 0:
		return "", errors.New("auth: ttl must be positive")
	}
	c := jwt.RegisteredClaims{
		Subject:   subject,
		Issuer:    issuer,
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}
	if audience != "" {
		c.Audience = jwt.ClaimStrings{audience}
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(secret)
}
