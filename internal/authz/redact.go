package authz

import (
	"context"

	"github.com/coopnetwork/cockpit/ent"
)

// Private fields of readable rows are blanked after loading: the row stays
// visible (it is in the directory), the field reads as null. The schema keeps
// these fields out of where filters and orderBy, so they can't be probed.

func redactAfter[T any](redact func(context.Context, T)) ent.Interceptor {
	return ent.InterceptFunc(func(next ent.Querier) ent.Querier {
		return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
			v, err := next.Query(ctx, q)
			if err != nil || IsSystem(ctx) {
				return v, err
			}
			if rows, ok := v.([]T); ok {
				for _, r := range rows {
					redact(ctx, r)
				}
			}
			return v, nil
		})
	})
}

// RedactPerson blanks contact details and rates unless the viewer is the
// person or a member of one of the person's coops.
func RedactPerson() ent.Interceptor {
	return redactAfter(func(ctx context.Context, p *ent.Person) {
		v := viewerOf(ctx)
		if !seesPendingEmail(v, p.ID) {
			p.PendingEmail = nil // an unconfirmed address is the person's own business
		}
		if v.CanSeePrivateProfile(p.ID) {
			return
		}
		p.Email, p.Phone, p.HourlyRateCents = nil, nil, nil
	})
}

// RedactCoop blanks the bylaws' financial fields for non-members.
func RedactCoop() ent.Interceptor {
	return redactAfter(func(ctx context.Context, c *ent.Coop) {
		if seesCoopFinances(viewerOf(ctx), c.ID) {
			return
		}
		c.BuyInCents, c.SurplusSharePercent, c.BudgetChangeThresholdCents = nil, nil, nil
		c.SurplusIncludesFormerMembers = nil
		c.MonthlyDuesCents, c.OverheadLevyBasisPoints, c.SurplusBasis, c.BooksClosedBy = nil, nil, nil, nil // issue 17
	})
}
