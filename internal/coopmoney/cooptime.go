package coopmoney

// Non-billable time (issue 17, item 6): internal, care and pro-bono work a
// member logs against their coop rather than a project share. It counts for
// the surplus when the bylaws' surplusBasis is ALL_WORK (internal/budgets
// planSurplus).

import (
	"context"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/cooptimeentry"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger"
)

// CoopTime is coop time to log, or the fields of an entry to change (nil:
// unchanged; CoopID is ignored then).
type CoopTime struct {
	CoopID  int
	Kind    *cooptimeentry.Kind
	Date    *time.Time
	Minutes *int
	Note    *string
}

// LogCoopTime records the viewer's non-billable time for their coop: the
// viewer is a current member; the day is not in the future and lies in an
// open period of the coop's books (CONFLICT naming the period); 1 to 1 440
// minutes.
func (svc *Service) LogCoopTime(ctx context.Context, in CoopTime) (*ent.CoopTimeEntry, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	c, err := o.C.Coop.Get(o.Ctx, in.CoopID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "coopID", "coopID: not found")
	}
	if err := authz.CanLogCoopTime(o.V, c.ID, o.V.PersonID); err != nil {
		return nil, err
	}
	if in.Kind == nil || in.Date == nil || in.Minutes == nil {
		return nil, apperr.New(apperr.BadUserInput, "kind, date and minutes are required")
	}
	day := ledger.Day(*in.Date)
	if err := validCoopTime(o, *in.Kind, day, *in.Minutes); err != nil {
		return nil, err
	}
	if err := ledger.CheckOpen(o, day, c.ID); err != nil {
		return nil, err
	}
	e, err := o.C.CoopTimeEntry.Create().SetCoopID(c.ID).SetPersonID(o.V.PersonID).SetKind(*in.Kind).
		SetDate(day).SetMinutes(*in.Minutes).SetNillableNote(in.Note).Save(o.As(authz.LogCoopTime))
	if err != nil {
		return nil, err
	}
	return o.C.CoopTimeEntry.Get(o.Ctx, e.ID)
}

// UpdateCoopTime lets the author, still a current member, correct an
// entry; neither its old day nor its new one may lie in a closed period.
func (svc *Service) UpdateCoopTime(ctx context.Context, id int, in CoopTime) (*ent.CoopTimeEntry, error) {
	o, e, err := svc.ownCoopTime(ctx, id)
	if err != nil {
		return nil, err
	}
	kind, day, mins := e.Kind, e.Date, e.Minutes
	if in.Kind != nil {
		kind = *in.Kind
	}
	if in.Date != nil {
		day = ledger.Day(*in.Date)
	}
	if in.Minutes != nil {
		mins = *in.Minutes
	}
	if err := validCoopTime(o, kind, day, mins); err != nil {
		return nil, err
	}
	for _, d := range []time.Time{e.Date, day} {
		if err := ledger.CheckOpen(o, d, e.CoopID); err != nil {
			return nil, err
		}
	}
	u := o.C.CoopTimeEntry.UpdateOneID(e.ID).SetKind(kind).SetDate(day).SetMinutes(mins)
	if in.Note != nil {
		u.SetNote(*in.Note)
	}
	if err := u.Exec(o.As(authz.LogCoopTime)); err != nil {
		return nil, err
	}
	return o.C.CoopTimeEntry.Get(o.Ctx, e.ID)
}

// DeleteCoopTime lets the author, still a current member, delete an entry
// logged by mistake, unless its day lies in a closed period.
func (svc *Service) DeleteCoopTime(ctx context.Context, id int) (int, error) {
	o, e, err := svc.ownCoopTime(ctx, id)
	if err != nil {
		return 0, err
	}
	if err := ledger.CheckOpen(o, e.Date, e.CoopID); err != nil {
		return 0, err
	}
	return e.ID, o.C.CoopTimeEntry.DeleteOneID(e.ID).Exec(o.As(authz.LogCoopTime))
}

func (svc *Service) ownCoopTime(ctx context.Context, id int) (*domainop.Op, *ent.CoopTimeEntry, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, nil, err
	}
	e, err := o.C.CoopTimeEntry.Get(o.Ctx, id)
	if err != nil {
		return nil, nil, apperr.FieldNotFound(err, "id", "id: not found")
	}
	if err := authz.CanLogCoopTime(o.V, e.CoopID, e.PersonID); err != nil {
		return nil, nil, err
	}
	return o, e, nil
}

func validCoopTime(o *domainop.Op, kind cooptimeentry.Kind, day time.Time, minutes int) error {
	if err := cooptimeentry.KindValidator(kind); err != nil {
		return apperr.InvalidField("kind", "kind: %v", err)
	}
	if minutes < 1 || minutes > 24*60 {
		return apperr.InvalidField("minutes", "must be between 1 and 1440 (24 hours)")
	}
	if day.After(o.Now) {
		return apperr.InvalidField("date", "must not lie in the future")
	}
	return nil
}
