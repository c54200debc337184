package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// The headers of a delivery.
const (
	// HeaderSignature: "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>".
	HeaderSignature = "Cockpit-Signature"
	// HeaderEventID: the event's ID; the same on every attempt and
	// redelivery, so receivers deduplicate by it.
	HeaderEventID = "Cockpit-Event-Id"
	// HeaderEventType: the event's type, e.g. PROPOSAL_OPENED.
	HeaderEventType = "Cockpit-Event-Type"
	// HeaderTimestamp: when the attempt was signed (RFC 3339).
	HeaderTimestamp = "Cockpit-Timestamp"
	// HeaderDelivery: the delivery's ID (one event to one endpoint).
	HeaderDelivery = "Cockpit-Delivery-Id"
)

// MaxSignatureAge is how old a signature a receiver should still accept;
// older ones are replays.
const MaxSignatureAge = 5 * time.Minute

// NewSecret returns a fresh signing secret.
func NewSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return "whsec_" + base64.RawURLEncoding.EncodeToString(b)
}

// Sign returns the Cockpit-Signature header value of body signed at t.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + mac(secret, ts, body)
}

func mac(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte("."))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Errors of Verify.
var (
	ErrBadSignature = errors.New("webhook signature does not match")
	ErrStale        = errors.New("webhook signature is too old (a replay?)")
)

// Verify checks a Cockpit-Signature header as a receiver does: the HMAC
// over "t.body" with the endpoint's secret (compared in constant time),
// and t no further than MaxSignatureAge from now. Several v1 values (during
// a rotation) are accepted if any matches.
func Verify(secret, header string, body []byte, now time.Time) error {
	var ts string
	var sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return ErrBadSignature
	}
	want := mac(secret, ts, body)
	ok := false
	for _, s := range sigs {
		if hmac.Equal([]byte(s), []byte(want)) {
			ok = true
		}
	}
	if !ok {
		return ErrBadSignature
	}
	if d := now.Sub(time.Unix(sec, 0)); d > MaxSignatureAge || d < -MaxSignatureAge {
		return ErrStale
	}
	return nil
}
