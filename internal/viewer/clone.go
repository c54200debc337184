package viewer

import "maps"

// Clone returns a deep copy of v (nil for nil). Viewers from the replica's
// cache are shared by concurrent requests; a mutation request, which may
// change its viewer in place (a founder becomes a member of the coop they
// created), works on a clone.
func (v *Viewer) Clone() *Viewer {
	if v == nil {
		return nil
	}
	c := *v
	c.Memberships = maps.Clone(v.Memberships)
	c.Networks = maps.Clone(v.Networks)
	c.AdminOf = maps.Clone(v.AdminOf)
	c.DirectoryCoops = maps.Clone(v.DirectoryCoops)
	c.CoopMates = maps.Clone(v.CoopMates)
	return &c
}
