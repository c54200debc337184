// Package rights gives each person their data rights (GDPR articles 15, 17
// and 20; issue 16, item 5): the export of everything stored about them
// (exportMyData, GET /export/me), the erasure of their personal data
// (eraseMe, erasePerson), and their consents (network etiquette, public
// profile) with versions.
package rights

// Ref is a column whose value is a person's ID: the rows of Table whose
// Column holds the person belong in that person's export. The list below is
// checked against ent's schema (refs_test.go): every foreign key to persons
// must be here, and every other ID column of the schema must be classified
// as a person reference (here) or not (NotPersonColumns), so a new entity
// that references a person cannot be left out of the export unnoticed.
type Ref struct {
	Table, Column string
	// JSON: Column is a JSON document listing person IDs under "persons"
	// (a proposal's fixed electorate).
	JSON bool
}

// Key names the ref in the export document.
func (r Ref) Key() string { return r.Table + "." + r.Column }

// PersonRefs: every column that holds a person's ID.
var PersonRefs = []Ref{
	// Foreign keys to persons (ent/migrate).
	{Table: "availabilities", Column: "person_id"},
	{Table: "budget_changes", Column: "actor_id"},
	{Table: "budget_motions", Column: "person_id"},
	{Table: "budget_motions", Column: "author_id"},
	{Table: "budget_motions", Column: "consented_by_id"},
	{Table: "budget_motions", Column: "consent_person_id"},
	{Table: "budget_motions", Column: "declined_by_id"},
	{Table: "budget_shares", Column: "person_id"},
	{Table: "consents", Column: "person_id"},
	{Table: "coops", Column: "network_delegate_id"},
	{Table: "endorsements", Column: "endorser_id"},
	{Table: "group_invitations", Column: "person_id"},
	{Table: "invitations", Column: "invited_by_id"},
	{Table: "invitations", Column: "accepted_by_id"},
	{Table: "memberships", Column: "person_id"},
	{Table: "memberships", Column: "buddy_id"},
	{Table: "milestone_progresses", Column: "verified_by_id"},
	{Table: "network_memberships", Column: "person_id"},
	{Table: "pathway_events", Column: "actor_id"},
	{Table: "person_skills", Column: "person_id"},
	{Table: "proposals", Column: "author_id"},
	{Table: "proposal_comments", Column: "author_id"},
	{Table: "surplus_distributions", Column: "recorded_by_id"},
	{Table: "surplus_parts", Column: "person_id"},
	{Table: "time_entries", Column: "person_id"},
	{Table: "votes", Column: "voter_id"},
	{Table: "group_members", Column: "person_id"},
	// Issue 17: money.
	{Table: "books_closures", Column: "closed_by_id"},
	{Table: "coop_time_entries", Column: "person_id"},
	{Table: "dues_charges", Column: "person_id"},
	{Table: "invoices", Column: "created_by_id"},
	{Table: "ledger_accounts", Column: "counterparty_person_id"},
	{Table: "ledger_entries", Column: "recorded_by_id"},
	{Table: "payments", Column: "recorded_by_id"},
	{Table: "payouts", Column: "to_person_id"},
	{Table: "payouts", Column: "recorded_by_id"},
	{Table: "projects", Column: "client_contact_id"},
	{Table: "projects", Column: "pm_person_id"},
	{Table: "settlements", Column: "proposed_by_id"},
	{Table: "settlements", Column: "confirmed_by_id"},
	// Person IDs without a foreign key (the row outlives the person, or
	// the schema keeps a plain ID).
	{Table: "audit_records", Column: "actor_id"},
	{Table: "audit_objects", Column: "person_id"},
	{Table: "group_invitations", Column: "invited_by_id"},
	{Table: "group_invitations", Column: "answered_by_id"},
	{Table: "profile_project_listings", Column: "person_id"}, // issue 18: projects listed on the exported profile
	{Table: "proposals", Column: "voters", JSON: true},
}

// NotPersonColumns are the ID columns without a foreign key that hold no
// person's ID (table.column), and the JSON columns that hold none.
var NotPersonColumns = []string{
	"audit_objects.object_id", // an object of any type; Person objects are exported by AuditAboutPerson
	"audit_objects.coop_id",
	"audit_objects.network_id",
	"audit_objects.fields",
	"audit_objects.links",
	"audit_records.rules",
	"bylaws_versions.values",
	"coops.decision_rules",
	"networks.decision_rules",
	"proposals.bylaws_change",
	"skills.aliases",
	"client_organisations.vat_id",
	// The outbox and webhooks (issue 18): events name coops, networks,
	// projects, memberships, proposals, votes, shares and time entries,
	// never a person (events.Topic); endpoints belong to a coop or network.
	"outbox_events.topic_id",
	"outbox_events.object_id",
	"outbox_events.coop_id",
	"outbox_events.network_id",
	"outbox_events.project_id",
	"webhook_deliveries.event_id",
	"webhook_endpoints.coop_id",
	"webhook_endpoints.network_id",
	"webhook_endpoints.event_types",
	"ledger_lines.coop_id",
	"memberships.buy_in_waiver_proposal_id",
	"proposals.waiver_membership_id",
}

// Related is data about the person kept in rows that reference one of the
// person's own rows rather than the person: the endorsements their skills
// received, the history and milestones of their memberships, the changes of
// the budget shares they hold. Parent names the ref whose rows are the
// person's own (a membership where they are the buddy is not).
type Related struct {
	Table, Column string
	Parent        Ref
}

// Key names the related rows in the export document.
func (r Related) Key() string { return r.Table + "." + r.Column }

// RelatedRefs: rows about the person through their own rows.
var RelatedRefs = []Related{
	{Table: "endorsements", Column: "person_skill_id", Parent: Ref{Table: "person_skills", Column: "person_id"}},
	{Table: "pathway_events", Column: "membership_id", Parent: Ref{Table: "memberships", Column: "person_id"}},
	{Table: "milestone_progresses", Column: "membership_id", Parent: Ref{Table: "memberships", Column: "person_id"}},
	{Table: "budget_changes", Column: "share_id", Parent: Ref{Table: "budget_shares", Column: "person_id"}},
	{Table: "proposals", Column: "membership_id", Parent: Ref{Table: "memberships", Column: "person_id"}},
}

// SecretColumns are never exported: they would let whoever reads the
// export act (an invitation's one-time token, stored as a hash).
var SecretColumns = []string{"invitations.token_hash"}
