package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
)

// LedgerAccount is one account of a coop's books (issue 17): a code of the
// account plan (internal/ledger/plan), one currency, and for receivables and
// payables the counterparty (a client, a coop or a person). Accounts are
// opened by the first entry that needs them, never by hand.
type LedgerAccount struct{ ent.Schema }

// Fields of the LedgerAccount.
func (LedgerAccount) Fields() []ent.Field {
	return []ent.Field{
		field.Int("coop_id").Immutable().
			Comment("The coop whose books hold the account."),
		field.Enum("code").Values(plan.Codes()...).Immutable().
			Comment("The account in the account plan; its type (asset, liability, equity, income, expense) decides the sign of its balance.").
			Annotations(entgql.OrderField("CODE")),
		field.String("currency").Immutable().Validate(validateCurrency).
			Comment("ISO-4217 code of every amount on the account."),
		field.Int("client_id").Optional().Nillable().Immutable().
			Comment("For receivables from a client: the client."),
		field.Int("counterparty_coop_id").Optional().Nillable().Immutable().
			Comment("For amounts owed to or by another coop: that coop."),
		field.Int("counterparty_person_id").Optional().Nillable().Immutable().
			Comment("For amounts owed to or by a person (freelancer, member): that person."),
		field.String("key").NotEmpty().Immutable().
			Comment("code, currency and counterparty in one string, unique per coop (NULLs are not equal in a unique index).").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the LedgerAccount.
func (LedgerAccount) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("coop", Coop.Type).Field("coop_id").Unique().Required().Immutable(),
		edge.To("client", ClientOrganisation.Type).Field("client_id").Unique().Immutable(),
		edge.To("counterparty_coop", Coop.Type).Field("counterparty_coop_id").Unique().Immutable(),
		edge.To("counterparty_person", Person.Type).Field("counterparty_person_id").Unique().Immutable(),
		edge.From("lines", LedgerLine.Type).Comment("The debits and credits booked on this account.").Ref("account").
			Comment("The postings on this account.").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of the LedgerAccount: one account per coop and key.
func (LedgerAccount) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("coop_id", "key").Unique(),
		index.Fields("counterparty_coop_id"),
		index.Fields("counterparty_person_id"),
	}
}

// Hooks of the LedgerAccount: accounts are never changed or removed.
func (LedgerAccount) Hooks() []ent.Hook { return []ent.Hook{appendOnlyHook} }

// Mixin of the LedgerAccount.
func (LedgerAccount) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the LedgerAccount.
func (LedgerAccount) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An account of a coop's double-entry books."),
		checks("ledger_account_currency_iso", currencyCheck("currency"),
			"ledger_account_one_counterparty", "(CASE WHEN client_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN counterparty_coop_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN counterparty_person_id IS NULL THEN 0 ELSE 1 END) <= 1"),
		entgql.RelayConnection(),
	}
}

// Policy of the LedgerAccount: see internal/authz.
func (LedgerAccount) Policy() ent.Policy { return authz.LedgerAccountPolicy() }
