package authz_test

import (
	"fmt"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/consent"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Each person's data rights (internal/rights): the operation cases of the
// writes naming another object, appended to operationCases.
func (f *fixture) rightsOperationCases() []writeCase {
	c, ctx := f.db.Client, f.ctx
	const (
		erasePerson = `mutation($p: ID!) { erasePerson(personID: $p, reason: "asked by letter") { personID } }`
		accept      = `mutation($n: ID!) { acceptNetworkEtiquette(networkID: $n) { consent { id version } } }`
		eraseMe     = `mutation($c: String!) { eraseMe(confirm: $c) { personID } }`
		publicProf  = `mutation { setPublicProfileConsent(given: true) { consent { id version } } }`
	)
	var onlyN2 *ent.Person // a participant of N2 and of no network of N's admin
	personState := func(id func(f *fixture) int) func(f *fixture) string {
		return func(f *fixture) string {
			p := testkit.MustOrPanic(c.Person.Get(ctx, id(f)))
			return fmt.Sprint(p.Name, " ", p.ErasedAt != nil)
		}
	}
	consentsOf := func(n func(f *fixture) int) func(f *fixture) string {
		return func(f *fixture) string { return f.count(c.Consent.Query().Where(consent.NetworkID(n(f)))) }
	}
	return []writeCase{
		{
			// Each actor erases themselves, confirming with their name:
			// refused while they have a current relation with a coop.
			name:  "eraseMe",
			query: eraseMe,
			vars: func(actor string) map[string]any {
				if p := f.person(actor); p != nil {
					return map[string]any{"c": p.Name}
				}
				return map[string]any{"c": "nobody"}
			},
			want: expect("CONFLICT", anonymous, "UNAUTHENTICATED", outsider, ok, participant, ok),
			state: func(f *fixture) string {
				return f.count(c.Person.Query().Where(person.ErasedAtNotNil()))
			},
		},
		{
			name:  "setPublicProfileConsent",
			query: publicProf,
			vars:  func(string) map[string]any { return map[string]any{} },
			want:  expect(ok, anonymous, "UNAUTHENTICATED"),
			state: func(f *fixture) string {
				return f.count(c.Consent.Query().Where(consent.KindEQ(consent.KindPUBLIC_PROFILE)))
			},
		},
		{
			name:  "erasePerson of N's participant",
			query: erasePerson,
			vars:  func(string) map[string]any { return map[string]any{"p": testkit.ID(f.Participant.ID)} },
			want:  expect("NOT_FOUND", netAdmin, ok, participant, "FORBIDDEN"),
			field: "personID",
			state: personState(func(f *fixture) int { return f.Participant.ID }),
		},
		{
			name: "erasePerson of a person of N2 only",
			setup: func(f *fixture) {
				onlyN2 = testkit.MustOrPanic(c.Person.Create().SetName("Nina N2").SetEmail("nina@example.org").Save(ctx))
				testkit.MustOrPanic(c.NetworkMembership.Create().SetNetwork(f.N2).SetPerson(onlyN2).Save(ctx))
			},
			query: erasePerson,
			vars:  func(string) map[string]any { return map[string]any{"p": testkit.ID(onlyN2.ID)} },
			want:  expect("NOT_FOUND"),
			field: "personID",
			state: personState(func(f *fixture) int { return onlyN2.ID }),
		},
		{
			name:  "acceptNetworkEtiquette of N",
			query: accept,
			vars:  func(string) map[string]any { return map[string]any{"n": testkit.ID(f.N.ID)} },
			want:  expect(ok, outsider, "NOT_FOUND"),
			field: "networkID",
			state: consentsOf(func(f *fixture) int { return f.N.ID }),
		},
		{
			name:  "acceptNetworkEtiquette N2 (another network)",
			query: accept,
			vars:  func(string) map[string]any { return map[string]any{"n": testkit.ID(f.N2.ID)} },
			want:  expect("NOT_FOUND"),
			field: "networkID",
			state: consentsOf(func(f *fixture) int { return f.N2.ID }),
		},
	}
}
