package cli

import (
	"time"

	"github.com/coopnetwork/cockpit/internal/webhook"
	"github.com/coopnetwork/cockpit/internal/webhook/target"
)

// webhookFlags are serve's webhook delivery settings (internal/webhook).
type webhookFlags struct {
	allowPrivate, allowHTTP  *bool
	timeout, base, max, poll *time.Duration
	attempts, retentionDays  *int
}

func (f *flags) webhooks() webhookFlags {
	return webhookFlags{
		allowPrivate:  f.bool("webhook-allow-private-targets", false, "allow webhook URLs on loopback, private, link-local and other non-public addresses (tests, private deployments); off: refused at registration and on every connection"),
		allowHTTP:     f.bool("webhook-allow-http", false, "allow plain http webhook URLs; off: https only"),
		timeout:       f.duration("webhook-timeout", webhook.DefaultTimeout, "longest one webhook attempt may take (connect, send, answer headers)"),
		base:          f.duration("webhook-backoff-base", webhook.DefaultBackoffBase, "wait after a webhook's first failed attempt; doubles per failure, with jitter"),
		max:           f.duration("webhook-backoff-max", webhook.DefaultBackoffMax, "longest wait between two attempts of a webhook"),
		attempts:      f.int("webhook-max-attempts", webhook.DefaultMaxAttempts, "attempts before a webhook delivery is DEAD (redeliverWebhookDelivery sends it again)"),
		poll:          f.duration("webhook-poll-interval", webhook.DefaultPollInterval, "how often due webhook retries are looked for (new events are sent at once)"),
		retentionDays: f.int("outbox-retention-days", int(webhook.DefaultRetention/(24*time.Hour)), "days outbox events and their webhook deliveries are kept"),
	}
}

func (w webhookFlags) options() webhook.Options {
	return webhook.Options{
		Targets: target.Policy{AllowPrivate: *w.allowPrivate, AllowHTTP: *w.allowHTTP},
		Timeout: *w.timeout, BackoffBase: *w.base, BackoffMax: *w.max, MaxAttempts: *w.attempts,
		PollInterval: *w.poll, Retention: time.Duration(*w.retentionDays) * 24 * time.Hour,
	}
}
