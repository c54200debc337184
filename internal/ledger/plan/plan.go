// Package plan is the account plan of a coop's books (issue 17): the codes
// of the accounts every coop's ledger may hold, their types, which
// counterparty each needs, and the kinds of entry. It has no dependencies so
// the ent schema can use it for its enums.
//
// Amounts are integer minor units of one currency per account. An entry's
// lines balance: the sum of debits equals the sum of credits. The balance of
// an account is debits - credits for ASSET and EXPENSE accounts and
// credits - debits for LIABILITY, EQUITY and INCOME accounts, so a positive
// balance is the normal one.
package plan

// Type is the kind of account, which decides the sign of its balance.
type Type string

// Account types.
const (
	Asset     Type = "ASSET"
	Liability Type = "LIABILITY"
	Equity    Type = "EQUITY"
	Income    Type = "INCOME"
	Expense   Type = "EXPENSE"
)

// Counterparty is what an account of a code is kept per.
type Counterparty string

// Counterparties.
const (
	NoCounterparty Counterparty = ""
	PerClient      Counterparty = "CLIENT"
	PerCoop        Counterparty = "COOP"
	PerPerson      Counterparty = "PERSON"
)

// Code names an account of the plan.
type Code string

// The account plan.
const (
	// Bank is the coop's money: client payments in, payouts out.
	Bank Code = "BANK"
	// ClientReceivable is what a client owes on issued invoices (gross).
	ClientReceivable Code = "CLIENT_RECEIVABLE"
	// CoopReceivable is what another coop owes this one (its share of a
	// project that coop leads, once the client paid), until paid or settled.
	CoopReceivable Code = "COOP_RECEIVABLE"
	// MemberReceivable is what a member owes the coop: dues, overhead levy,
	// buy-in instalments not yet paid.
	MemberReceivable Code = "MEMBER_RECEIVABLE"
	// VATPayable is VAT invoiced to clients and owed to the tax office.
	VATPayable Code = "VAT_PAYABLE"
	// CoopPayable is what this coop owes another coop (a partner's share of
	// a project this coop leads, once the client paid).
	CoopPayable Code = "COOP_PAYABLE"
	// PersonPayable is what this coop owes a person: a freelancer's share,
	// the PM charge to the project's PM, a surplus part, a buy-in refund.
	PersonPayable Code = "PERSON_PAYABLE"
	// MemberCapital is a member's paid-in buy-in (the coop's equity).
	MemberCapital Code = "MEMBER_CAPITAL"
	// RetainedEarnings holds closed years' results not distributed.
	RetainedEarnings Code = "RETAINED_EARNINGS"
	// ProjectRevenue is the net of invoices for projects the coop leads.
	ProjectRevenue Code = "PROJECT_REVENUE"
	// ShareRevenue is the coop's earnings from its shares of projects
	// other coops lead.
	ShareRevenue Code = "SHARE_REVENUE"
	// DuesIncome is members' monthly dues.
	DuesIncome Code = "DUES_INCOME"
	// LevyIncome is the overhead levy on members' paid hours.
	LevyIncome Code = "LEVY_INCOME"
	// PartnerCosts is the cost of partner coops' and freelancers' shares
	// and of the PM charge paid to a PM other than the coop.
	PartnerCosts Code = "PARTNER_COSTS"
	// OtherExpenses is any other expense the coop books.
	OtherExpenses Code = "OTHER_EXPENSES"
)

// Account describes a code of the plan.
type Account struct {
	Code         Code
	Type         Type
	Counterparty Counterparty
}

// Accounts is the whole plan, in the order reports list it.
var Accounts = []Account{
	{Bank, Asset, NoCounterparty},
	{ClientReceivable, Asset, PerClient},
	{CoopReceivable, Asset, PerCoop},
	{MemberReceivable, Asset, PerPerson},
	{VATPayable, Liability, NoCounterparty},
	{CoopPayable, Liability, PerCoop},
	{PersonPayable, Liability, PerPerson},
	{MemberCapital, Equity, PerPerson},
	{RetainedEarnings, Equity, NoCounterparty},
	{ProjectRevenue, Income, NoCounterparty},
	{ShareRevenue, Income, NoCounterparty},
	{DuesIncome, Income, NoCounterparty},
	{LevyIncome, Income, NoCounterparty},
	{PartnerCosts, Expense, NoCounterparty},
	{OtherExpenses, Expense, NoCounterparty},
}

// Lookup returns the plan's description of code.
func Lookup(code Code) (Account, bool) {
	for _, a := range Accounts {
		if a.Code == code {
			return a, true
		}
	}
	return Account{}, false
}

// Codes lists the codes of the plan (the ent enum).
func Codes() []string {
	out := make([]string, len(Accounts))
	for i, a := range Accounts {
		out[i] = string(a.Code)
	}
	return out
}

// Sign is +1 when a debit raises the account's balance (ASSET, EXPENSE) and
// -1 when a credit does (LIABILITY, EQUITY, INCOME).
func (t Type) Sign() int64 {
	if t == Asset || t == Expense {
		return 1
	}
	return -1
}

// EntryKind is what caused an entry.
type EntryKind string

// Entry kinds.
const (
	InvoiceIssued  EntryKind = "INVOICE"         // an issued invoice: receivable, revenue, VAT
	CreditNote     EntryKind = "CREDIT_NOTE"     // the cancellation of an issued invoice
	ClientPayment  EntryKind = "PAYMENT"         // a client's payment received
	ShareEarned    EntryKind = "SHARE_EARNED"    // a share holder's part of what the client paid, now owed
	Payout         EntryKind = "PAYOUT"          // money paid to a coop or person
	PayoutReceived EntryKind = "PAYOUT_RECEIVED" // the other coop's side of a payout
	ExpenseBooked  EntryKind = "EXPENSE"         // another expense
	Dues           EntryKind = "DUES"            // a member's monthly dues charged
	Levy           EntryKind = "LEVY"            // the overhead levy on a member's paid hours
	MemberPayment  EntryKind = "MEMBER_PAYMENT"  // a member paid dues, levy or a buy-in instalment
	BuyIn          EntryKind = "BUY_IN"          // a member's buy-in owed
	BuyInWaiver    EntryKind = "BUY_IN_WAIVER"   // a buy-in waived by decision
	BuyInRefund    EntryKind = "BUY_IN_REFUND"   // buy-in owed back to a leaving member
	Surplus        EntryKind = "SURPLUS"         // a surplus distribution recorded
	YearClose      EntryKind = "YEAR_CLOSE"      // a year's result moved to retained earnings
	Settlement     EntryKind = "SETTLEMENT"      // an inter-coop settlement confirmed
	Reversal       EntryKind = "REVERSAL"        // the correction of an earlier entry
)

// EntryKinds lists the kinds (the ent enum).
func EntryKinds() []string {
	return []string{
		string(InvoiceIssued), string(CreditNote), string(ClientPayment), string(ShareEarned),
		string(Payout), string(PayoutReceived), string(ExpenseBooked), string(Dues), string(Levy),
		string(MemberPayment), string(BuyIn), string(BuyInWaiver), string(BuyInRefund),
		string(Surplus), string(YearClose), string(Settlement), string(Reversal),
	}
}
