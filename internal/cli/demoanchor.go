package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/coopnetwork/cockpit/internal/demo"
)

// demoAnchor adds --demo-anchor to a command that loads the demo: the day the
// demo treats as "today" (its calendar moves by whole weeks to it). Empty:
// today, so the demo's recent work, open proposals and availability are
// recent whenever it is loaded; "fixed": the fixed calendar of the demo data
// (today is 2026-11-01 there), for runs that must be the same on any day.
func (f *flags) demoAnchor() func(ctx context.Context) (demo.Options, error) {
	v := f.string("demo-anchor", "", `with --demo: the day the demo treats as today, YYYY-MM-DD (its dates move by whole weeks to it); empty: today; "fixed": the demo data's own calendar (today is `+demo.ReferenceDate.Format(time.DateOnly)+`)`)
	return func(ctx context.Context) (demo.Options, error) {
		switch *v {
		case "":
			return demo.Today(ctx), nil
		case "fixed":
			return demo.Options{}, nil
		}
		t, err := time.Parse(time.DateOnly, *v)
		if err != nil {
			return demo.Options{}, usageError{fmt.Errorf("--demo-anchor: want YYYY-MM-DD or fixed: %w", err)}
		}
		return demo.Options{Anchor: t}, nil
	}
}
