package authz_test

import (
	"context"
	"fmt"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/webhookdelivery"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// webhookOperationCases: the webhook operations (issue 18, item 5;
// internal/webhook; rule ManageWebhooks) in the operation matrix. Only
// current members of A manage A's endpoints; nobody else even sees them.
// The URL is a public address literal: registration looks nothing up and
// the matrix runs no dispatcher, so no traffic leaves the machine.
func (f *fixture) webhookOperationCases() []writeCase {
	c := f.db.Client
	manage := authz.Under(context.Background(), authz.ManageWebhooks)
	const (
		create = `mutation($coop: ID, $network: ID) { createWebhookEndpoint(input: {coopID: $coop, networkID: $network,
			url: "https://93.184.216.34/hook", eventTypes: [VOTE_CAST]}) { endpoint { id } } }`
		update    = `mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: {active: false}) { id active } }`
		rotate    = `mutation($id: ID!) { rotateWebhookSecret(id: $id) { endpoint { id } } }`
		del       = `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`
		redeliver = `mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { state } }`
	)
	var ep *ent.WebhookEndpoint
	var dl *ent.WebhookDelivery
	endpointOfA := func(f *fixture) {
		ep = testkit.MustOrPanic(c.WebhookEndpoint.Create().SetCoopID(f.A.ID).SetURL("https://93.184.216.34/a").
			SetEventTypes([]string{"VOTE_CAST"}).SetSecret("whsec_test").Save(manage))
		now := time.Now()
		dl = testkit.MustOrPanic(c.WebhookDelivery.Create().SetEndpointID(ep.ID).SetEventID(1).SetEventType("VOTE_CAST").
			SetOccurredAt(now).SetState(webhookdelivery.StateDEAD).SetAttempts(8).
			Save(authz.Under(context.Background(), authz.RecordOutbox)))
	}
	sys := func() context.Context { return authz.SystemRead(context.Background()) }
	endpoints := func(f *fixture) string { return f.count(c.WebhookEndpoint.Query()) }
	endpointState := func(f *fixture) string {
		e, err := c.WebhookEndpoint.Get(sys(), ep.ID)
		if err != nil {
			return "gone"
		}
		return fmt.Sprint(e.Active, e.Secret, e.SecretRotatedAt != nil)
	}
	id := func(v func() int) func(string) map[string]any {
		return func(string) map[string]any { return map[string]any{"id": testkit.ID(v())} }
	}
	return []writeCase{
		{
			name:  "createWebhookEndpoint for A",
			query: create,
			vars:  func(string) map[string]any { return map[string]any{"coop": testkit.ID(f.A.ID)} },
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			state: endpoints,
		},
		{
			name:  "createWebhookEndpoint for C (another network)",
			query: create,
			vars:  func(string) map[string]any { return map[string]any{"coop": testkit.ID(f.C.ID)} },
			want:  expect("NOT_FOUND"),
			field: "coopID",
			state: endpoints,
		},
		{
			name:  "createWebhookEndpoint for N2 (another network)",
			query: create,
			vars:  func(string) map[string]any { return map[string]any{"network": testkit.ID(f.N2.ID)} },
			want:  expect("NOT_FOUND"),
			field: "networkID",
			state: endpoints,
		},
		{
			name: "updateWebhookEndpoint of A", setup: endpointOfA, query: update,
			vars: id(func() int { return ep.ID }), want: expect("NOT_FOUND", memberOfA, ok), field: "id", state: endpointState,
		},
		{
			name: "rotateWebhookSecret of A", setup: endpointOfA, query: rotate,
			vars: id(func() int { return ep.ID }), want: expect("NOT_FOUND", memberOfA, ok), field: "id", state: endpointState,
		},
		{
			name: "deleteWebhookEndpoint of A", setup: endpointOfA, query: del,
			vars: id(func() int { return ep.ID }), want: expect("NOT_FOUND", memberOfA, ok), field: "id", state: endpointState,
		},
		{
			name: "redeliverWebhookDelivery of A", setup: endpointOfA, query: redeliver,
			vars: id(func() int { return dl.ID }), want: expect("NOT_FOUND", memberOfA, ok), field: "id",
			state: func(f *fixture) string {
				d, err := c.WebhookDelivery.Get(sys(), dl.ID)
				if err != nil {
					return "gone"
				}
				return fmt.Sprint(d.State, d.Attempts)
			},
		},
	}
}
