// Package viewer describes who is asking: the person behind a request and
// the facts about them that authorization decides on. It is loaded once per
// request (see internal/authz) and read by the privacy rules.
package viewer

import (
	"context"
	"maps"
	"slices"
)

// Viewer is an authenticated person. A nil *Viewer is the anonymous viewer;
// every method is safe to call on it.
type Viewer struct {
	PersonID int
	// Memberships maps coop ID to the viewer's pathway state there.
	Memberships map[int]string
	// Networks the viewer takes part in, directly or through a coop.
	Networks map[int]bool
	// AdminOf holds the networks the viewer administers.
	AdminOf map[int]bool
	// DirectoryCoops are the coops of the viewer's networks.
	DirectoryCoops map[int]bool
	// CoopMates are persons with a current (not LEFT) membership in a coop
	// where the viewer is a member: they may see each other's private profile.
	CoopMates map[int]bool
}

type ctxKey struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// FromContext returns the viewer of ctx, or nil (anonymous).
func FromContext(ctx context.Context) *Viewer {
	switch v := ctx.Value(ctxKey{}).(type) {
	case *Viewer:
		return v
	case *Replaceable: // see replaceable.go
		return v.Get()
	}
	return nil
}

// Authenticated reports whether v is a known person.
func (v *Viewer) Authenticated() bool { return v != nil && v.PersonID != 0 }

// IsSelf reports whether personID is the viewer.
func (v *Viewer) IsSelf(personID int) bool { return v.Authenticated() && v.PersonID == personID }

// IsMember reports whether the viewer is a worker-owner of coop, active or
// paused: members read their coop's private data.
func (v *Viewer) IsMember(coop int) bool {
	if v == nil {
		return false
	}
	s := v.Memberships[coop]
	return s == "MEMBER" || s == "PAUSED"
}

// IsActiveMember reports whether the viewer is a MEMBER (not paused) of coop:
// only they act for the coop.
func (v *Viewer) IsActiveMember(coop int) bool {
	return v != nil && v.Memberships[coop] == "MEMBER"
}

// IsAdmin reports whether the viewer administers network.
func (v *Viewer) IsAdmin(network int) bool { return v != nil && v.AdminOf[network] }

// InNetwork reports whether the viewer takes part in network.
func (v *Viewer) InNetwork(network int) bool { return v != nil && v.Networks[network] }

// MemberCoops lists the coops where IsMember holds.
func (v *Viewer) MemberCoops() []int {
	if v == nil {
		return nil
	}
	var ids []int
	for id := range v.Memberships {
		if v.IsMember(id) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// RelatedCoops lists the coops the viewer has a current (not LEFT) membership in.
func (v *Viewer) RelatedCoops() []int {
	if v == nil {
		return nil
	}
	var ids []int
	for id, s := range v.Memberships {
		if s != "LEFT" {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// VisibleCoops lists the coops whose public profile the viewer may read.
func (v *Viewer) VisibleCoops() []int {
	if v == nil {
		return nil
	}
	ids := keys(v.DirectoryCoops)
	for _, id := range v.RelatedCoops() {
		if !v.DirectoryCoops[id] {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// NetworkIDs lists the viewer's networks.
func (v *Viewer) NetworkIDs() []int {
	if v == nil {
		return nil
	}
	return keys(v.Networks)
}

// AdminNetworkIDs lists the networks the viewer administers.
func (v *Viewer) AdminNetworkIDs() []int {
	if v == nil {
		return nil
	}
	return keys(v.AdminOf)
}

// CanSeePrivateProfile reports whether the viewer may read person's private
// profile fields (contact details, rates, availability).
func (v *Viewer) CanSeePrivateProfile(person int) bool {
	return v.IsSelf(person) || (v != nil && v.CoopMates[person])
}

// PrivateProfileIDs lists the persons whose private profile the viewer may read.
func (v *Viewer) PrivateProfileIDs() []int {
	if !v.Authenticated() {
		return nil
	}
	ids := keys(v.CoopMates)
	if !v.CoopMates[v.PersonID] {
		ids = append(ids, v.PersonID)
		slices.Sort(ids)
	}
	return ids
}

func keys(m map[int]bool) []int {
	return slices.Sorted(maps.Keys(m))
}

// IsNetworkAdmin reports whether the viewer administers any network.
func (v *Viewer) IsNetworkAdmin() bool { return v != nil && len(v.AdminOf) > 0 }
