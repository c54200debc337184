package people

import (
	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/viewercache"
)

// cachedLogin returns the person of a known login from svc.Logins, unless
// the login verifies the person's pending e-mail (PersonForLogin confirms
// it, uncached). Erased persons and unknown subjects are never cached: the
// cache is flushed by any change of a person's subject, erasure or pending
// e-mail (viewercache.Hook).
func (svc *Service) cachedLogin(l Login) (int, bool) {
	k, ok := svc.Logins.Login(l.Subject)
	if !ok || (k.PendingEmail != "" && l.EmailVerified && normalize(l.Email) == k.PendingEmail) {
		return 0, false
	}
	return k.PersonID, true
}

// rememberLogin caches the known, not erased person p of login l, read
// under stamp.
func (svc *Service) rememberLogin(stamp viewercache.Stamp, l Login, p *ent.Person) {
	k := viewercache.Login{PersonID: p.ID}
	if p.PendingEmail != nil {
		k.PendingEmail = *p.PendingEmail
	}
	svc.Logins.PutLogin(stamp, l.Subject, k)
}
