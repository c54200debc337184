package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/coopnetwork/cockpit/internal/authz"
)

// LedgerLine is one debit or credit of a ledger entry on one account.
type LedgerLine struct{ ent.Schema }

// Fields of the LedgerLine.
func (LedgerLine) Fields() []ent.Field {
	return []ent.Field{
		field.Int("entry_id").Immutable(),
		field.Int("account_id").Immutable(),
		field.Int("coop_id").Immutable().
			Comment("The entry's coop (copied, so reads filter lines without a join).").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int64("debit_cents").NonNegative().Immutable().Annotations(moneyField()).
			Comment("Debit in minor units (0 when the line is a credit)."),
		field.Int64("credit_cents").NonNegative().Immutable().Annotations(moneyField()).
			Comment("Credit in minor units (0 when the line is a debit)."),
	}
}

// Edges of the LedgerLine.
func (LedgerLine) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("entry", LedgerEntry.Type).Comment("The entry the line belongs to.").Ref("lines").Field("entry_id").Unique().Required().Immutable(),
		edge.To("account", LedgerAccount.Type).Comment("The account debited or credited.").Field("account_id").Unique().Required().Immutable(),
	}
}

// Indexes of the LedgerLine.
func (LedgerLine) Indexes() []ent.Index {
	return []ent.Index{index.Fields("entry_id"), index.Fields("account_id"), index.Fields("coop_id")}
}

// Hooks of the LedgerLine: immutable.
func (LedgerLine) Hooks() []ent.Hook { return []ent.Hook{appendOnlyHook} }

// Annotations of the LedgerLine.
func (LedgerLine) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A debit or a credit of a ledger entry on one account."),
		checks("ledger_line_one_side", "(debit_cents = 0) <> (credit_cents = 0) AND debit_cents >= 0 AND credit_cents >= 0"),
		entgql.RelayConnection(),
	}
}

// Policy of the LedgerLine: see internal/authz.
func (LedgerLine) Policy() ent.Policy { return authz.LedgerLinePolicy() }
