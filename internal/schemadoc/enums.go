package schemadoc

// enumDocs describes the values of the enums ent generates from enum
// fields ("Type.VALUE"); entgql gives them no description.
var enumDocs = map[string]string{}

func init() {
	for enum, values := range map[string]map[string]string{
		"BooksClosureReason": {
			"SURPLUS":      "The year's surplus distribution was recorded.",
			"BOOKS_CLOSED": "The books of the period were closed.",
		},
		"WebhookDeliveryState": {
			"PENDING":   "Not tried yet.",
			"DELIVERED": "The endpoint answered with a 2xx status.",
			"FAILED":    "The last attempt failed; another follows at nextAttemptAt.",
			"DEAD":      "Every attempt failed; redeliverWebhookDelivery sends it again.",
		},
		"WebhookEventType": {
			"PROPOSAL_OPENED": "A proposal of the coop or network was opened.",
			"PROPOSAL_CLOSED": "A proposal was closed with its outcome.",
			"VOTE_CAST":       "A vote on a proposal was cast or changed.",
			"PATHWAY_CHANGED": "A membership's pathway moved (a transition or a milestone).",
			"BUDGET_CHANGED":  "A project's budget changed: a share, the total or the PM charge.",
			"TIME_LOGGED":     "Time was logged on a project.",
		},
		"BudgetChangeKind": {
			"SHARE_CREATED":     "A new budget share was given.",
			"SHARE_RESIZED":     "A share's amount changed.",
			"TOTAL_CHANGED":     "The project's total budget changed.",
			"PM_CHARGE_CHANGED": "The project's PM charge percent changed.",
		},
		"BudgetMotionConsentBy": {
			"PROPOSAL": "The partner coop consents by a BUDGET proposal of its members.",
			"MEMBER":   "One member of the partner coop consents for it.",
		},
		"BudgetMotionKind": {
			"SHARE_CREATED": "Gives a new budget share.",
			"SHARE_RESIZED": "Changes a share's amount.",
			"TOTAL_CHANGED": "Changes the project's total budget.",
		},
		"BudgetMotionStatus": {
			"PENDING":     "Waiting for the decisions it needs.",
			"APPLIED":     "Decided and applied to the budget.",
			"REJECTED":    "Rejected by a decision.",
			"NOT_APPLIED": "Decided, but the budget no longer allowed it.",
		},
		"ConsentKind": {
			"NETWORK_ETIQUETTE": "The network's code of conduct was accepted.",
			"PUBLIC_PROFILE":    "The person agreed to show their profile publicly.",
		},
		"CoopBooksClosedBy": {
			"DECISION": "A period is closed by a passed CLOSE_BOOKS proposal.",
			"MEMBER":   "Any member may close a period.",
		},
		"CoopNetworkVotes": {
			"INTERNAL_PROPOSAL": "The coop's vote is decided by a COOP_VOTE proposal of its members.",
			"DELEGATE":          "The coop's delegate casts its vote.",
		},
		"CoopShareReductionConsent": {
			"PROPOSAL": "The coop consents by a BUDGET proposal of its members.",
			"MEMBER":   "One member's approval is the coop's consent.",
		},
		"CoopSurplusBasis": {
			"BILLABLE_ONLY": "Only time entries on project shares count for the surplus.",
			"ALL_WORK":      "Internal, care and pro-bono time count for the surplus too.",
		},
		"CoopTimeEntryKind": {
			"INTERNAL": "Work for the coop itself.",
			"CARE":     "Care work.",
			"PRO_BONO": "Unpaid work for others.",
		},
		"DuesChargeKind": {
			"DUES": "The monthly dues.",
			"LEVY": "The overhead levy on the member's paid hours.",
		},
		"GroupInvitationState": {
			"OPEN":     "Not answered yet.",
			"ACCEPTED": "Accepted: the person or coop joined the group.",
			"DECLINED": "Declined by the invitee.",
			"REVOKED":  "Withdrawn by the group's side.",
		},
		"GroupKind": {
			"CITY":       "A city group: members who live or work in one place.",
			"COMPETENCE": "A competence group (Kompetenzgruppe) around a skill.",
			"WORKING":    "A working group (AG) on a task of the network.",
		},
		"InvoiceKind": {
			"INVOICE":     "An invoice to the client.",
			"CREDIT_NOTE": "A credit note cancelling an issued invoice (its lines negated).",
		},
		"InvoiceLineKind": {
			"TIME":      "A share's time entries at its hourly rate.",
			"FIXED":     "An item with a price.",
			"PM_CHARGE": "The project's PM charge.",
		},
		"InvoiceStatus": {
			"DRAFT":          "Being prepared; can be changed or deleted.",
			"ISSUED":         "Sent to the client; booked, no longer changed.",
			"PARTIALLY_PAID": "Issued and paid in part.",
			"PAID":           "Issued and paid in full.",
			"CANCELLED":      "Cancelled by a credit note.",
		},
		"LedgerAccountCode": {
			"BANK":              "The coop's money: client payments in, payouts out (asset).",
			"CLIENT_RECEIVABLE": "What a client owes on issued invoices, gross (asset, per client).",
			"COOP_RECEIVABLE":   "What another coop owes this one, until paid or settled (asset, per coop).",
			"MEMBER_RECEIVABLE": "What a member owes: dues, levy, buy-in instalments (asset, per person).",
			"VAT_PAYABLE":       "VAT invoiced to clients and owed to the tax office (liability).",
			"COOP_PAYABLE":      "What this coop owes another coop (liability, per coop).",
			"PERSON_PAYABLE":    "What this coop owes a person: a freelancer's share, PM charge, surplus part, buy-in refund (liability, per person).",
			"MEMBER_CAPITAL":    "A member's paid-in buy-in (equity, per person).",
			"RETAINED_EARNINGS": "Closed years' results not distributed (equity).",
			"PROJECT_REVENUE":   "The net of invoices for projects the coop leads (income).",
			"SHARE_REVENUE":     "Earnings from the coop's shares of projects other coops lead (income).",
			"DUES_INCOME":       "Members' monthly dues (income).",
			"LEVY_INCOME":       "The overhead levy on members' paid hours (income).",
			"PARTNER_COSTS":     "Partner coops' and freelancers' shares and a PM charge paid out (expense).",
			"OTHER_EXPENSES":    "Any other expense the coop books (expense).",
		},
		"LedgerEntryKind": {
			"INVOICE":         "An issued invoice: receivable, revenue, VAT.",
			"CREDIT_NOTE":     "The cancellation of an issued invoice.",
			"PAYMENT":         "A client's payment received.",
			"SHARE_EARNED":    "A share holder's part of what the client paid, now owed.",
			"PAYOUT":          "Money paid to a coop or person.",
			"PAYOUT_RECEIVED": "The receiving coop's side of a payout.",
			"EXPENSE":         "Another expense.",
			"DUES":            "A member's monthly dues charged.",
			"LEVY":            "The overhead levy on a member's paid hours.",
			"MEMBER_PAYMENT":  "A member paid dues, levy or a buy-in instalment.",
			"BUY_IN":          "A member's buy-in owed.",
			"BUY_IN_WAIVER":   "A buy-in waived by decision.",
			"BUY_IN_REFUND":   "Buy-in owed back to a leaving member.",
			"SURPLUS":         "A surplus distribution recorded.",
			"YEAR_CLOSE":      "A year's result moved to retained earnings.",
			"SETTLEMENT":      "An inter-coop settlement confirmed.",
			"REVERSAL":        "The correction of an earlier entry.",
		},
		"MembershipLeftReason": {
			"LEFT":     "The person left.",
			"EXCLUDED": "A passed EXCLUSION proposal excluded the person.",
		},
		"NetworkMembershipRole": {
			"PARTICIPANT": "Takes part in the network.",
			"ADMIN":       "Manages the network, its groups and the skill taxonomy.",
		},
		"NetworkParticipantVoice": {
			"NONE":     "Individual participants read network decisions.",
			"ADVISORY": "Individual participants read and comment on network decisions; they never vote.",
		},
		"PayoutKind": {
			"SHARE":         "A budget share's earnings.",
			"PM_CHARGE":     "The project's PM charge.",
			"SURPLUS":       "A member's part of a surplus distribution.",
			"BUY_IN_REFUND": "A leaving member's buy-in paid back.",
		},
		"ProjectDeciders": {
			"LEAD_COOP":     "The lead coop's members decide.",
			"SHARE_HOLDERS": "Every share holder decides: each coop one vote, each freelancer one vote.",
		},
		"ProjectStatus": {
			"PROPOSED":  "Planned, not started.",
			"ACTIVE":    "Work is under way.",
			"COMPLETED": "Finished.",
			"CANCELLED": "Stopped before completion.",
		},
		"ProposalElectorate": {
			"MEMBERS":       "The coop's members vote, one person one vote.",
			"COOPS":         "The network's member coops vote, one coop one vote.",
			"SHARE_HOLDERS": "A project's share holders vote: each coop one vote, each freelancer one vote.",
		},
		"ProposalKind": {
			"ADMISSION":       "Admits a candidate as a member of the coop.",
			"BUDGET":          "Decides a project budget change.",
			"BYLAWS":          "Changes the coop's bylaws.",
			"EXCLUSION":       "Excludes a member from the coop.",
			"GENERAL":         "Any other decision of the coop.",
			"SURPLUS":         "Distributes the coop's surplus of a year.",
			"COOP_VOTE":       "Decides how the coop casts its one vote in a network or project decision.",
			"PROJECT_GENERAL": "A decision of a project's deciders.",
			"NETWORK_GENERAL": "Any other decision of the network's member coops.",
			"COOP_ADMISSION":  "Admits a coop into the network.",
			"COOP_EXCLUSION":  "Excludes a coop from the network.",
			"NETWORK_BYLAWS":  "Changes the network's bylaws.",
			"BUY_IN_WAIVER":   "Waives a member's buy-in, in part or whole.",
			"CLOSE_BOOKS":     "Closes a period of the coop's books.",
		},
		"ProposalRule": {
			"CONSENSUS":       "Passes with enough support and fewer BLOCKs than the block threshold.",
			"CONSENT":         "Passes unless there is a reasoned objection (a BLOCK).",
			"SUPERMAJORITY":   "Passes when YES reaches thresholdPercent of YES, NO and BLOCK.",
			"TWO_THIRDS":      "Passes when YES is at least two thirds of YES, NO and BLOCK.",
			"SIMPLE_MAJORITY": "Passes when YES outnumbers NO and BLOCK; a tie fails.",
		},
		"ProposalStandAsides": {
			"QUORUM_ONLY": "STAND_ASIDE votes count for the quorum only.",
			"AS_SUPPORT":  "STAND_ASIDE votes count as support.",
		},
		"ProposalStatus": {
			"OPEN":      "Open for votes.",
			"PASSED":    "Closed and passed; the outcome is final.",
			"REJECTED":  "Closed and not passed; the outcome is final.",
			"WITHDRAWN": "Withdrawn by its author before it closed.",
		},
		"SettlementStatus": {
			"PROPOSED":  "Proposed by one coop, waiting for the other.",
			"CONFIRMED": "Confirmed by the other coop and booked.",
			"REJECTED":  "Rejected by the other coop.",
			"PAID":      "The net amount was paid.",
		},
		"SurplusDistributionSource": {
			"BOOKS":    "The year's result in the coop's ledger.",
			"OVERRIDE": "An amount typed in with a reason.",
		},
		"VoteChoice": {
			"YES":         "For the proposal.",
			"NO":          "Against the proposal.",
			"ABSTAIN":     "Counts for the quorum only.",
			"BLOCK":       "A reasoned objection: stops a CONSENSUS proposal from the block threshold on and a CONSENT proposal outright.",
			"STAND_ASIDE": "Does not object; counts for the quorum, or as support under CONSENSUS when the bylaws say so.",
		},
	} {
		for v, d := range values {
			enumDocs[enum+"."+v] = d
		}
	}
	rules := map[string]string{
		"CONSENSUS":       "Decided by consensus: enough support and fewer BLOCKs than the block threshold.",
		"CONSENT":         "Decided by consent: passes unless there is a reasoned objection.",
		"TWO_THIRDS":      "Passes when YES is at least two thirds of YES, NO and BLOCK.",
		"SIMPLE_MAJORITY": "Passes when YES outnumbers NO and BLOCK; a tie fails.",
	}
	for v, d := range rules {
		enumDocs["CoopAdmissionRule."+v] = d
		enumDocs["NetworkDefaultRule."+v] = d
	}
	pathway := map[string]string{
		"INTERESTED": "Interested in the coop; no commitments yet.",
		"FREELANCER": "Works with the coop as a freelancer, not a member.",
		"CANDIDATE":  "Candidate for membership, during the candidacy period.",
		"MEMBER":     "Full member with a vote.",
		"PAUSED":     "Member whose membership is paused.",
		"LEFT":       "No longer with the coop (left or excluded).",
	}
	for v, d := range pathway {
		enumDocs["MembershipState."+v] = d
		enumDocs["PathwayEventFromState."+v] = d
		enumDocs["PathwayEventToState."+v] = d
	}
}
