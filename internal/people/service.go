package people

import (
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/viewercache"
)

// Service carries out invitations, e-mail changes and the persons behind logins. Build it once with its
// dependencies; each call runs in the request's transaction as its viewer
// (domainop.Env.Begin).
type Service struct {
	Env domainop.Env
	// Logins, when set, remembers known logins for PersonForLogin (the
	// replica's cache, internal/viewercache).
	Logins *viewercache.Cache
}
