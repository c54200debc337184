package webhook

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/webhookdelivery"
	"github.com/coopnetwork/cockpit/ent/webhookendpoint"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/commit"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/webhook/target"
)

// Service holds the webhook operations (rule ManageWebhooks): current
// members of a coop manage its endpoints, admins of a network the
// network's.
type Service struct{ Env domainop.Env }

// CreateInput registers an endpoint for exactly one of CoopID and
// NetworkID.
type CreateInput struct {
	CoopID, NetworkID *int
	URL               string
	EventTypes        []Type
	Description       *string
}

// UpdateInput changes what is set.
type UpdateInput struct {
	URL         *string
	EventTypes  []Type
	Description *string
	Active      *bool
}

// WithSecret is an endpoint and its signing secret, returned only when the
// secret is made (creation, rotation).
type WithSecret struct {
	Endpoint *ent.WebhookEndpoint
	Secret   string
}

// Create registers an endpoint and returns it with its secret.
func (svc *Service) Create(ctx context.Context, in CreateInput) (*WithSecret, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case (in.CoopID == nil) == (in.NetworkID == nil):
		return nil, apperr.InvalidField("coopID", "name exactly one of coopID and networkID")
	case in.CoopID != nil:
		if _, err := o.C.Coop.Get(o.Ctx, *in.CoopID); err != nil {
			return nil, apperr.FieldNotFound(err, "coopID", "no such coop")
		}
	default:
		if _, err := o.C.Network.Get(o.Ctx, *in.NetworkID); err != nil {
			return nil, apperr.FieldNotFound(err, "networkID", "no such network")
		}
	}
	if err := authz.CanManageWebhooks(o.V, in.CoopID, in.NetworkID); err != nil {
		return nil, err
	}
	url, err := svc.checkURL(ctx, in.URL)
	if err != nil {
		return nil, err
	}
	types, err := checkTypes(in.EventTypes)
	if err != nil {
		return nil, err
	}
	secret := NewSecret()
	c := o.C.WebhookEndpoint.Create().SetNillableCoopID(in.CoopID).SetNillableNetworkID(in.NetworkID).
		SetURL(url).SetEventTypes(types).SetSecret(secret).SetCreatedAt(o.Now).SetNillableCreatedBy(o.ActorID())
	if in.Description != nil {
		c.SetDescription(strings.TrimSpace(*in.Description))
	}
	ep, err := c.Save(o.As(authz.ManageWebhooks))
	if err != nil {
		return nil, err
	}
	return &WithSecret{Endpoint: ep, Secret: secret}, nil
}

func (svc *Service) checkURL(ctx context.Context, raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if len(raw) > 2000 {
		return "", apperr.InvalidField("url", "at most 2000 characters")
	}
	if err := svc.Env.WebhookTargets.CheckURL(ctx, raw); err != nil {
		if errors.Is(err, target.ErrRefused) {
			return "", apperr.InvalidField("url", "%s", strings.TrimPrefix(err.Error(), target.ErrRefused.Error()+": "))
		}
		return "", err
	}
	return raw, nil
}

func checkTypes(ts []Type) ([]string, error) {
	if len(ts) == 0 {
		return nil, apperr.InvalidField("eventTypes", "name at least one event type")
	}
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		if err := webhookdelivery.EventTypeValidator(t); err != nil {
			return nil, apperr.InvalidField("eventTypes", "unknown event type %q", t)
		}
		if !slices.Contains(out, string(t)) {
			out = append(out, string(t))
		}
	}
	slices.Sort(out)
	return out, nil
}

// managed loads an endpoint the viewer manages: one they may not read is
// NOT_FOUND, one they read but may not manage FORBIDDEN.
func managed(o *domainop.Op, id int, field string) (*ent.WebhookEndpoint, error) {
	ep, err := o.C.WebhookEndpoint.Query().Where(webhookendpoint.ID(id)).Modify(domainop.LockRows).Only(o.Ctx)
	if err != nil {
		return nil, apperr.FieldNotFound(err, field, "no such webhook endpoint")
	}
	if err := authz.CanManageWebhooks(o.V, ep.CoopID, ep.NetworkID); err != nil {
		return nil, err
	}
	return ep, nil
}

// Update changes an endpoint's URL, types, description or activity.
func (svc *Service) Update(ctx context.Context, id int, in UpdateInput) (*ent.WebhookEndpoint, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	ep, err := managed(o, id, "id")
	if err != nil {
		return nil, err
	}
	u := o.C.WebhookEndpoint.UpdateOne(ep)
	if in.URL != nil {
		url, err := svc.checkURL(ctx, *in.URL)
		if err != nil {
			return nil, err
		}
		u.SetURL(url)
	}
	if in.EventTypes != nil {
		types, err := checkTypes(in.EventTypes)
		if err != nil {
			return nil, err
		}
		u.SetEventTypes(types)
	}
	if in.Description != nil {
		u.SetDescription(strings.TrimSpace(*in.Description))
	}
	if in.Active != nil {
		u.SetActive(*in.Active)
	}
	return u.Save(o.As(authz.ManageWebhooks))
}

// RotateSecret gives the endpoint a new secret and returns it (once).
func (svc *Service) RotateSecret(ctx context.Context, id int) (*WithSecret, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	ep, err := managed(o, id, "id")
	if err != nil {
		return nil, err
	}
	secret := NewSecret()
	ep, err = o.C.WebhookEndpoint.UpdateOne(ep).SetSecret(secret).SetSecretRotatedAt(o.Now).Save(o.As(authz.ManageWebhooks))
	if err != nil {
		return nil, err
	}
	return &WithSecret{Endpoint: ep, Secret: secret}, nil
}

// Delete removes an endpoint and its deliveries (nothing more is sent to
// it; its events stay in the outbox until pruned).
func (svc *Service) Delete(ctx context.Context, id int) (int, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return 0, err
	}
	ep, err := managed(o, id, "id")
	if err != nil {
		return 0, err
	}
	w := o.As(authz.ManageWebhooks)
	if _, err := o.C.WebhookDelivery.Delete().Where(webhookdelivery.EndpointID(ep.ID)).Exec(w); err != nil {
		return 0, err
	}
	if err := o.C.WebhookEndpoint.DeleteOneID(ep.ID).Exec(w); err != nil {
		return 0, err
	}
	return ep.ID, nil
}

// Redeliver sends a DEAD or DELIVERED delivery again, with a fresh series
// of attempts; a PENDING or FAILED one is already on its way (CONFLICT).
func (svc *Service) Redeliver(ctx context.Context, id int) (*ent.WebhookDelivery, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	d, err := o.C.WebhookDelivery.Query().Where(webhookdelivery.ID(id)).Modify(domainop.LockRows).Only(o.Ctx)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "id", "no such webhook delivery")
	}
	ep, err := o.C.WebhookEndpoint.Get(o.Ctx, d.EndpointID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "id", "no such webhook delivery")
	}
	if err := authz.CanManageWebhooks(o.V, ep.CoopID, ep.NetworkID); err != nil {
		return nil, err
	}
	if d.State != webhookdelivery.StateDEAD && d.State != webhookdelivery.StateDELIVERED {
		return nil, apperr.New(apperr.Conflict, "the delivery is %s: it is already being sent", d.State)
	}
	if !ep.Active {
		return nil, apperr.New(apperr.Conflict, "the endpoint is inactive; activate it first")
	}
	d, err = o.C.WebhookDelivery.UpdateOne(d).SetState(webhookdelivery.StatePENDING).SetAttempts(0).
		SetNextAttemptAt(o.Now).Save(o.As(authz.ManageWebhooks))
	if err != nil {
		return nil, err
	}
	if tx := ent.TxFromContext(ctx); tx != nil {
		commit.Collect(tx, "webhook-wake", commit.AfterCommit, func(*struct{}) {},
			func(context.Context, *ent.Tx, struct{}) error { Wake(); return nil })
	}
	return d, nil
}
