package rights

import (
	"context"
	"slices"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/consent"
	"github.com/coopnetwork/cockpit/ent/hook"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// PublicProfileVersion is the version of the public-profile consent's text.
// Raise it when that text changes: persons who gave an older version are
// asked again (pendingConsents).
const PublicProfileVersion = 1

// PendingConsent is a consent the person has not given at the current
// version of its text: a network's etiquette they take part in, or the
// public profile they consented to at an older version.
type PendingConsent struct {
	Kind    consent.Kind
	Network *ent.Network // NETWORK_ETIQUETTE: the network
	Version int          // the current version, to accept
	// AcceptedVersion is the version the person accepted before, if any.
	AcceptedVersion *int
}

// AcceptNetworkEtiquette records the viewer's acceptance of the network's
// etiquette at its current version (AcceptEtiquette). Accepting a version
// already accepted changes nothing and returns that consent.
func (svc *Service) AcceptNetworkEtiquette(ctx context.Context, networkID int) (*ent.Consent, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	// Readable and locked: the version accepted is the one of the text
	// now, not one a concurrent etiquette change replaces.
	if _, err := o.C.Network.Query().Where(network.ID(networkID)).OnlyID(o.Ctx); err != nil {
		if ent.IsNotFound(err) {
			return nil, &apperr.Error{Code: apperr.NotFound, Field: "networkID", Message: "networkID: not found"}
		}
		return nil, err
	}
	if err := authz.CanAcceptEtiquette(o.V, networkID); err != nil {
		return nil, err
	}
	n, err := o.C.Network.Query().Where(network.ID(networkID)).Modify(domainop.LockRows).Only(o.Sys)
	if err != nil {
		return nil, err
	}
	held, err := o.C.Consent.Query().Where(consent.PersonID(o.V.PersonID), consent.KindEQ(consent.KindNETWORK_ETIQUETTE),
		consent.NetworkID(networkID), consent.Version(n.EtiquetteVersion), consent.WithdrawnAtIsNil()).First(o.Sys)
	if err == nil {
		return held, nil
	}
	if !ent.IsNotFound(err) {
		return nil, err
	}
	return o.C.Consent.Create().SetPersonID(o.V.PersonID).SetKind(consent.KindNETWORK_ETIQUETTE).
		SetNetworkID(networkID).SetVersion(n.EtiquetteVersion).SetAcceptedAt(o.Now).Save(o.As(authz.AcceptEtiquette))
}

// SetPublicProfileConsent gives (at PublicProfileVersion) or withdraws the
// viewer's public-profile consent (KeepOwnConsents). Giving it again at the
// current version changes nothing; giving it replaces (withdraws) a consent
// to an older version. It returns the consent given or withdrawn; null when
// withdrawing without one held.
func (svc *Service) SetPublicProfileConsent(ctx context.Context, given bool) (*ent.Consent, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if err := authz.CanKeepOwnConsents(o.V); err != nil {
		return nil, err
	}
	// The person's row orders concurrent changes of their consents.
	if _, err := o.C.Person.Query().Where(person.ID(o.V.PersonID)).Modify(domainop.LockRows).OnlyID(o.Sys); err != nil {
		return nil, err
	}
	w := o.As(authz.KeepOwnConsents)
	held, err := o.C.Consent.Query().Where(consent.PersonID(o.V.PersonID), consent.KindEQ(consent.KindPUBLIC_PROFILE),
		consent.WithdrawnAtIsNil()).All(o.Sys)
	if err != nil {
		return nil, err
	}
	var current *ent.Consent
	for _, c := range held {
		if given && c.Version == PublicProfileVersion {
			current = c
			continue
		}
		if c, err = c.Update().SetWithdrawnAt(o.Now).Save(w); err != nil {
			return nil, err
		}
		if !given {
			current = c
		}
	}
	if !given || current != nil {
		return current, nil
	}
	return o.C.Consent.Create().SetPersonID(o.V.PersonID).SetKind(consent.KindPUBLIC_PROFILE).
		SetVersion(PublicProfileVersion).SetAcceptedAt(o.Now).Save(w)
}

// Consents is the viewer's own consent history, oldest first (ConsentPolicy
// shows a person only their own).
func Consents(ctx context.Context, c *ent.Client, v *viewer.Viewer) ([]*ent.Consent, error) {
	if !v.Authenticated() {
		return []*ent.Consent{}, nil
	}
	return c.Consent.Query().Where(consent.PersonID(v.PersonID)).
		Order(ent.Asc(consent.FieldAcceptedAt), ent.Asc(consent.FieldID)).All(ctx)
}

// PendingConsents lists what the viewer has not accepted at the current
// version: the etiquette of every network they take part in (directly or
// through a coop) that has an etiquette text, and the public profile when
// they consented to an older version of it. A new participant (an accepted
// invitation, self sign-up) finds the network's etiquette here.
func PendingConsents(ctx context.Context, c *ent.Client, v *viewer.Viewer) ([]*PendingConsent, error) {
	out := []*PendingConsent{}
	if !v.Authenticated() {
		return out, nil
	}
	sys := authz.SystemRead(ctx)
	nets, err := c.Network.Query().Where(network.IDIn(v.NetworkIDs()...), network.EtiquetteNEQ("")).
		Order(ent.Asc(network.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	held, err := c.Consent.Query().Where(consent.PersonID(v.PersonID), consent.WithdrawnAtIsNil()).All(sys)
	if err != nil {
		return nil, err
	}
	for _, n := range nets {
		var before *int
		ok := slices.ContainsFunc(held, func(h *ent.Consent) bool {
			if h.Kind != consent.KindNETWORK_ETIQUETTE || h.NetworkID == nil || *h.NetworkID != n.ID {
				return false
			}
			if before == nil || h.Version > *before {
				ver := h.Version
				before = &ver
			}
			return h.Version == n.EtiquetteVersion
		})
		if !ok {
			out = append(out, &PendingConsent{Kind: consent.KindNETWORK_ETIQUETTE, Network: n, Version: n.EtiquetteVersion, AcceptedVersion: before})
		}
	}
	for _, h := range held {
		if h.Kind == consent.KindPUBLIC_PROFILE && h.Version < PublicProfileVersion {
			ver := h.Version
			out = append(out, &PendingConsent{Kind: consent.KindPUBLIC_PROFILE, Version: PublicProfileVersion, AcceptedVersion: &ver})
			break
		}
	}
	return out, nil
}

// EtiquetteVersionHook raises a network's etiquette version in the write
// that changes its etiquette text (RaiseEtiquetteVersion: part of the write
// its own rule allowed), so participants are asked to accept it again.
// Writing the same text again raises nothing.
func EtiquetteVersionHook() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.NetworkFunc(func(ctx context.Context, m *ent.NetworkMutation) (ent.Value, error) {
			text, set := m.Etiquette()
			if !set && !m.EtiquetteCleared() {
				return next.Mutate(ctx, m)
			}
			if _, bumped := m.AddedEtiquetteVersion(); bumped {
				return next.Mutate(ctx, m)
			}
			if _, explicit := m.EtiquetteVersion(); explicit {
				return next.Mutate(ctx, m)
			}
			changed := true
			if m.Op().Is(ent.OpUpdateOne) {
				old, err := m.OldEtiquette(ctx)
				if err != nil {
					return nil, err
				}
				changed = old != text
			}
			if changed {
				m.AddEtiquetteVersion(1)
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpUpdate|ent.OpUpdateOne)
}
