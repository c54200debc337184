package authz

import "github.com/coopnetwork/cockpit/internal/viewer"

// Clients and invoices (issue 17; internal/invoicing). A coop's clients and
// invoices are its own: its current members keep them, nobody else sees
// them (money.go). A project's client, PM and invoices are the lead coop's
// business.
var (
	ManageClients    = rule("ManageClients", "current members of a coop create and update its clients")
	ArchiveClient    = rule("ArchiveClient", "current members of a coop archive one of its clients (it keeps its projects and invoices and is invoiced no more), or restore it")
	SetProjectClient = rule("SetProjectClient", "current members of the lead coop set the project's client (one of the lead coop's clients) and its contact person (a current member of the lead coop)")
	SetProjectPM     = rule("SetProjectPM", "current members of the lead coop set who is paid the project's PM charge: a person holding a share of the project or a current member of a coop that does (the lead coop included), or a partner coop holding a share; or nobody (the lead coop keeps it)")
	ManageInvoices   = rule("ManageInvoices", "current members of the project's lead coop create, change and delete draft invoices, linking the project's not yet invoiced time entries to their lines and releasing them")
	IssueInvoice     = rule("IssueInvoice", "current members of the lead coop issue a draft invoice: it takes the next gap-free number of the coop and year and is booked in the coop's ledger")
	CancelInvoice    = rule("CancelInvoice", "current members of the lead coop cancel an issued invoice without payments by a credit note (own number, negated lines, booked); its time entries are released")
)

// CanManageClients (ManageClients, ArchiveClient): current members of the coop.
func CanManageClients(v *viewer.Viewer, coop int) error {
	return allowedIf(v.IsActiveMember(coop), "only current members of the coop keep its clients")
}

// CanSetProjectClient (SetProjectClient): current members of the lead coop.
func CanSetProjectClient(v *viewer.Viewer, leadCoop int) error {
	return allowedIf(v.IsActiveMember(leadCoop), "only current members of the lead coop set the project's client")
}

// CanSetProjectPM (SetProjectPM): current members of the lead coop.
func CanSetProjectPM(v *viewer.Viewer, leadCoop int) error {
	return allowedIf(v.IsActiveMember(leadCoop), "only current members of the lead coop set the project's PM")
}

// CanManageInvoices (ManageInvoices, IssueInvoice, CancelInvoice): current
// members of the lead coop (the coop that issues the invoice).
func CanManageInvoices(v *viewer.Viewer, leadCoop int) error {
	return allowedIf(v.IsActiveMember(leadCoop), "only current members of the lead coop invoice the project's client")
}
