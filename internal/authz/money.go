package authz

// Read and write policies of the money types (issue 17). Every write goes
// through a domain operation under a named rule (internal/ledger,
// internal/invoicing, ...); the policies here only decide reads, and refuse
// writes that no rule decided. Each coop's books stay inside the coop: a
// partner coop sees what concerns it (its receivables from a lead coop, the
// payouts to it), a freelancer only their own, an outsider nothing.

import (
	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/booksclosure"
	"github.com/coopnetwork/cockpit/ent/clientorganisation"
	"github.com/coopnetwork/cockpit/ent/cooptimeentry"
	"github.com/coopnetwork/cockpit/ent/duescharge"
	"github.com/coopnetwork/cockpit/ent/invoice"
	"github.com/coopnetwork/cockpit/ent/invoiceline"
	"github.com/coopnetwork/cockpit/ent/ledgeraccount"
	"github.com/coopnetwork/cockpit/ent/ledgerentry"
	"github.com/coopnetwork/cockpit/ent/ledgerline"
	"github.com/coopnetwork/cockpit/ent/payment"
	"github.com/coopnetwork/cockpit/ent/payout"
	"github.com/coopnetwork/cockpit/ent/predicate"
	"github.com/coopnetwork/cockpit/ent/privacy"
	"github.com/coopnetwork/cockpit/ent/settlement"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// ClientOrganisationReadable: the coop's members.
func ClientOrganisationReadable(v *viewer.Viewer) predicate.ClientOrganisation {
	if !v.Authenticated() {
		return nothing[predicate.ClientOrganisation]()
	}
	return clientorganisation.CoopIDIn(v.MemberCoops()...)
}

// LedgerAccountReadable: the coop's members see all its accounts; another
// coop's members the accounts kept for their coop (what the lead coop owes
// them or they owe it); a person the accounts kept for them.
func LedgerAccountReadable(v *viewer.Viewer) predicate.LedgerAccount {
	if !v.Authenticated() {
		return nothing[predicate.LedgerAccount]()
	}
	members := v.MemberCoops()
	return ledgeraccount.Or(
		ledgeraccount.CoopIDIn(members...),
		ledgeraccount.CounterpartyCoopIDIn(members...),
		ledgeraccount.CounterpartyPersonID(v.PersonID),
	)
}

// LedgerLineReadable: with its account.
func LedgerLineReadable(v *viewer.Viewer) predicate.LedgerLine {
	if !v.Authenticated() {
		return nothing[predicate.LedgerLine]()
	}
	return ledgerline.Or(
		ledgerline.CoopIDIn(v.MemberCoops()...),
		ledgerline.HasAccountWith(LedgerAccountReadable(v)),
	)
}

// LedgerEntryReadable: the coop's members, and whoever may read one of its
// lines (the entry's other lines stay hidden to them).
func LedgerEntryReadable(v *viewer.Viewer) predicate.LedgerEntry {
	if !v.Authenticated() {
		return nothing[predicate.LedgerEntry]()
	}
	return ledgerentry.Or(
		ledgerentry.CoopIDIn(v.MemberCoops()...),
		ledgerentry.HasLinesWith(ledgerline.HasAccountWith(LedgerAccountReadable(v))),
	)
}

// InvoiceReadable: the issuing coop's members.
func InvoiceReadable(v *viewer.Viewer) predicate.Invoice {
	if !v.Authenticated() {
		return nothing[predicate.Invoice]()
	}
	return invoice.CoopIDIn(v.MemberCoops()...)
}

// InvoiceLineReadable: with the invoice.
func InvoiceLineReadable(v *viewer.Viewer) predicate.InvoiceLine {
	if !v.Authenticated() {
		return nothing[predicate.InvoiceLine]()
	}
	return invoiceline.HasInvoiceWith(InvoiceReadable(v))
}

// PaymentReadable: the receiving coop's members.
func PaymentReadable(v *viewer.Viewer) predicate.Payment {
	if !v.Authenticated() {
		return nothing[predicate.Payment]()
	}
	return payment.CoopIDIn(v.MemberCoops()...)
}

// PayoutReadable: the paying coop's members, the paid coop's members, the
// paid person.
func PayoutReadable(v *viewer.Viewer) predicate.Payout {
	if !v.Authenticated() {
		return nothing[predicate.Payout]()
	}
	members := v.MemberCoops()
	return payout.Or(payout.CoopIDIn(members...), payout.ToCoopIDIn(members...), payout.ToPersonID(v.PersonID))
}

// SettlementReadable: the members of both coops.
func SettlementReadable(v *viewer.Viewer) predicate.Settlement {
	if !v.Authenticated() {
		return nothing[predicate.Settlement]()
	}
	members := v.MemberCoops()
	return settlement.Or(settlement.PayerCoopIDIn(members...), settlement.PayeeCoopIDIn(members...))
}

// BooksClosureReadable: the coop's members.
func BooksClosureReadable(v *viewer.Viewer) predicate.BooksClosure {
	if !v.Authenticated() {
		return nothing[predicate.BooksClosure]()
	}
	return booksclosure.CoopIDIn(v.MemberCoops()...)
}

// DuesChargeReadable: the coop's members, and the person charged.
func DuesChargeReadable(v *viewer.Viewer) predicate.DuesCharge {
	if !v.Authenticated() {
		return nothing[predicate.DuesCharge]()
	}
	return duescharge.Or(duescharge.CoopIDIn(v.MemberCoops()...), duescharge.PersonID(v.PersonID))
}

// CoopTimeEntryReadable: the coop's members, and the person who logged it.
func CoopTimeEntryReadable(v *viewer.Viewer) predicate.CoopTimeEntry {
	if !v.Authenticated() {
		return nothing[predicate.CoopTimeEntry]()
	}
	return cooptimeentry.Or(cooptimeentry.CoopIDIn(v.MemberCoops()...), cooptimeentry.PersonID(v.PersonID))
}

// ClientOrganisationPolicy: the coop's own record; written by the client operations.
func ClientOrganisationPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.ClientOrganisationQueryRuleFunc(filter[*ent.ClientOrganisationQuery](ClientOrganisationReadable))},
		Mutation: systemOnly("clients are changed only with createClient and updateClient"),
	}
}

// LedgerAccountPolicy: opened only by a booking.
func LedgerAccountPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.LedgerAccountQueryRuleFunc(filter[*ent.LedgerAccountQuery](LedgerAccountReadable))},
		Mutation: systemOnly("ledger accounts are opened only by a booking"),
	}
}

// LedgerEntryPolicy: written only by the operations that book.
func LedgerEntryPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.LedgerEntryQueryRuleFunc(filter[*ent.LedgerEntryQuery](LedgerEntryReadable))},
		Mutation: systemOnly("ledger entries are booked only by the operations that cause them"),
	}
}

// LedgerLinePolicy: with the entry.
func LedgerLinePolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.LedgerLineQueryRuleFunc(filter[*ent.LedgerLineQuery](LedgerLineReadable))},
		Mutation: systemOnly("ledger entries are booked only by the operations that cause them"),
	}
}

// InvoicePolicy: written by the invoice operations.
func InvoicePolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.InvoiceQueryRuleFunc(filter[*ent.InvoiceQuery](InvoiceReadable))},
		Mutation: systemOnly("invoices are changed only by the invoice operations"),
	}
}

// InvoiceLinePolicy: with the invoice.
func InvoiceLinePolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.InvoiceLineQueryRuleFunc(filter[*ent.InvoiceLineQuery](InvoiceLineReadable))},
		Mutation: systemOnly("invoices are changed only by the invoice operations"),
	}
}

// PaymentPolicy: recorded by recordPayment.
func PaymentPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.PaymentQueryRuleFunc(filter[*ent.PaymentQuery](PaymentReadable))},
		Mutation: systemOnly("payments are recorded only with recordPayment"),
	}
}

// PayoutPolicy: recorded by recordPayout.
func PayoutPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.PayoutQueryRuleFunc(filter[*ent.PayoutQuery](PayoutReadable))},
		Mutation: systemOnly("payouts are recorded only with recordPayout"),
	}
}

// SettlementPolicy: proposed and confirmed by the settlement operations.
func SettlementPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.SettlementQueryRuleFunc(filter[*ent.SettlementQuery](SettlementReadable))},
		Mutation: systemOnly("settlements are changed only by the settlement operations"),
	}
}

// BooksClosurePolicy: recorded by closeBooks and surplus decisions.
func BooksClosurePolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.BooksClosureQueryRuleFunc(filter[*ent.BooksClosureQuery](BooksClosureReadable))},
		Mutation: systemOnly("periods are closed only by closing the books or recording a surplus"),
	}
}

// DuesChargePolicy: charged by chargeDues.
func DuesChargePolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.DuesChargeQueryRuleFunc(filter[*ent.DuesChargeQuery](DuesChargeReadable))},
		Mutation: systemOnly("dues are charged only by the dues operations"),
	}
}

// CoopTimeEntryPolicy: logged by logCoopTime.
func CoopTimeEntryPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.CoopTimeEntryQueryRuleFunc(filter[*ent.CoopTimeEntryQuery](CoopTimeEntryReadable))},
		Mutation: systemOnly("non-billable time is logged only with logCoopTime"),
	}
}
