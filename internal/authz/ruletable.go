package authz

// The rule table: every write rule of Cockpit. Generic mutations are decided
// by the policies in policies.go and the edge rules in edges.go; domain
// operations (internal/governance, internal/budgets, internal/talent) check
// the rule and write under it (domainop.Op.As); hooks that complete an
// allowed write name the rule of their own effect.

// Networks, groups and the skill taxonomy.
var (
	FoundNetwork   = rule("FoundNetwork", "anyone signed in founds a network and becomes its first admin")
	ManageNetwork  = rule("ManageNetwork", "admins of a network change its profile; its bylaws change only by a passed NETWORK_BYLAWS decision")
	ManageGroups   = rule("ManageGroups", "admins of a network create and change its groups")
	ManageTaxonomy = rule("ManageTaxonomy", "admins of a network create and change its skills")
	PlaceSkill     = rule("PlaceSkill", "a skill's parent is a skill of the same network that is not below it")
	MergeSkills    = rule("MergeSkills", "admins of a network merge two of its skills")

	BringCoopIntoNetwork = rule("BringCoopIntoNetwork", "members of a coop bring it into a network they found or administer while the network has no coop yet (its founding coops); later coops join by a COOP_ADMISSION decision")
	TakeCoopOutOfNetwork = rule("TakeCoopOutOfNetwork", "members of a coop take it out of a network they administer, never its last coop; nobody removes all coops at once")
	CoopJoinsGroup       = rule("CoopJoinsGroup", "members of a coop enter it into, or take it out of, groups of networks the coop belongs to")
	PersonJoinsGroup     = rule("PersonJoinsGroup", "a person joins, or leaves, groups of networks they take part in")

	AdministerFoundedNetwork = rule("AdministerFoundedNetwork", "the founder of a network becomes its first admin, in the founding transaction")
	InviteToNetwork          = rule("InviteToNetwork", "admins of a network invite an e-mail address to it; an invitation reserves nothing")
	RevokeInvitation         = rule("RevokeInvitation", "admins of the inviting network revoke its open invitations")
	AnswerInvitation         = rule("AnswerInvitation", "the person whose verified e-mail is the invited address accepts (joining the network) or declines it")
	AcceptInvitationByToken  = rule("AcceptInvitationByToken", "whoever presents an open invitation's one-time token accepts it once, joining the network")
	ChangeOwnEmail           = rule("ChangeOwnEmail", "a person asks to change their own e-mail; the address becomes pending, whether it is taken or not")
	ConfirmEmailAtLogin      = rule("ConfirmEmailAtLogin", "a login whose verified e-mail is the person's pending address makes it their e-mail, if nobody holds it")
	ProvisionPersonForLogin  = rule("ProvisionPersonForLogin", "a verified first login creates its person, in the networks open to self sign-up")
	LinkDevelopmentLogin     = rule("LinkDevelopmentLogin", "the operator's `cockpit token` links a development login to an existing person")
)

// Coops, persons and their own data.
var (
	FoundCoop           = rule("FoundCoop", "anyone signed in founds a coop and becomes its first member")
	JoinFoundedCoop     = rule("JoinFoundedCoop", "the founder of a coop becomes its first MEMBER, with the pathway event saying so")
	ChangeCoop          = rule("ChangeCoop", "members of a coop change its profile; its bylaws change only by a passed BYLAWS decision")
	EditOwnProfile      = rule("EditOwnProfile", "a person changes their own profile")
	KeepOwnSkills       = rule("KeepOwnSkills", "a person records and changes their own skills, of networks they take part in")
	KeepOwnAvailability = rule("KeepOwnAvailability", "a person records and changes their own availability")
	EndorseSkill        = rule("EndorseSkill", "another participant of the skill's network endorses a person's skill, once")
	WithdrawEndorsement = rule("WithdrawEndorsement", "an endorser withdraws their own endorsement")
)

// The membership pathway and decisions.
var (
	JoinCoop               = rule("JoinCoop", "a person starts their own pathway with a coop (INTERESTED), or rejoins after leaving")
	TransitionMembership   = rule("TransitionMembership", "the person or a member of the coop takes a pathway transition the state machine and the bylaws allow")
	AssignBuddy            = rule("AssignBuddy", "members of the coop assign one of its members as a candidate's buddy")
	RecordBuyIn            = rule("RecordBuyIn", "members of the coop record a buy-in paid in the coop's currency")
	CompleteMilestone      = rule("CompleteMilestone", "the person on the pathway marks one of the coop's milestones done")
	VerifyMilestone        = rule("VerifyMilestone", "another member of the coop verifies a completed milestone")
	OpenProposal           = rule("OpenProposal", "members of a coop open a proposal for its decision")
	CastVote               = rule("CastVote", "a current member of the proposal's coop (not the member an EXCLUSION is about), or on a project decided by its share holders a freelancer holding a share, votes in person, or changes their vote, while the proposal is open")
	CloseProposal          = rule("CloseProposal", "current members of the proposal's coop close it (of a network or project decision: those who decide it, and network admins); its outcome and effect follow in the same transaction")
	CastCoopVote           = rule("CastCoopVote", "the delegate a coop's bylaws name casts, or changes, the coop's one vote on a network or project proposal while it is open")
	OpenCoopVote           = rule("OpenCoopVote", "members of a coop that votes on a network or project proposal open the internal COOP_VOTE proposal deciding the coop's vote")
	CastCoopVoteByDecision = rule("CastCoopVoteByDecision", "a closed COOP_VOTE proposal casts its coop's vote on the network or project proposal, in the transaction that closes it")
	// Network decisions (internal/governance network.go).
	OpenNetworkProposal    = rule("OpenNetworkProposal", "current members of a network's member coops open its proposals (NETWORK_GENERAL, COOP_EXCLUSION, NETWORK_BYLAWS), decided by the member coops")
	ApplyToNetwork         = rule("ApplyToNetwork", "current members of a coop apply for it to join a network: a COOP_ADMISSION proposal of the network, one open per coop and network")
	AdmitCoopToNetwork     = rule("AdmitCoopToNetwork", "a passed COOP_ADMISSION decision makes the applying coop a member of the network, in the transaction that closes it")
	ExcludeCoopFromNetwork = rule("ExcludeCoopFromNetwork", "a passed COOP_EXCLUSION decision takes the coop out of the network, in the transaction that closes it")
	ConsentToBudgetMotion  = rule("ConsentToBudgetMotion", "a member of the partner coop gives the consent its bylaws ask for to a cut of its share")
)

// Decisions Cockpit takes on its own behalf (the deadline worker).
var (
	CloseProposalAtDeadline = rule("CloseProposalAtDeadline", "Cockpit closes an open proposal whose closesAt has passed, once, with the same count, outcome and effect as a member's close")
)

// Exclusion of a member by decision (internal/governance/exclusion.go).
var (
	ProposeExclusion       = rule("ProposeExclusion", "a current member of a coop proposes to exclude another MEMBER or PAUSED member, one open proposal per membership")
	ApplyExclusionDecision = rule("ApplyExclusionDecision", "a passed EXCLUSION decision moves the membership to LEFT (EXCLUDED) with its pathway event and records the buy-in refund owed, once")
)

// The discussion of proposals (comments.go).
var (
	CommentOnProposal = rule("CommentOnProposal", "whoever may read a proposal comments on it, or replies to one of its top-level comments, while it is open")
	EditOwnComment    = rule("EditOwnComment", "the author of a comment changes its text while the proposal is open; comments are never deleted")
)

// Bylaws: set at founding, changed only by decision, every version kept.
var (
	RecordFoundingBylaws = rule("RecordFoundingBylaws", "a coop's or network's bylaws at its founding are recorded as version 1 of its bylaws history, in the founding transaction")
	ProposeBylawsChange  = rule("ProposeBylawsChange", "members of a coop propose a change of its bylaws (a BYLAWS proposal carrying the new values) for decision")
	ApplyBylawsDecision  = rule("ApplyBylawsDecision", "a passed BYLAWS or NETWORK_BYLAWS decision changes the bylaws it carries, once, and appends the next version to the bylaws history")
)

// Projects, budgets and surplus.
var (
	CreateProject        = rule("CreateProject", "members of a coop create projects it leads")
	ChangeProject        = rule("ChangeProject", "members of the lead coop change the project's description and dates")
	AnnounceProject      = rule("AnnounceProject", "members of the lead coop announce the project in a network the lead coop belongs to, or withdraw it")
	SetProjectStatus     = rule("SetProjectStatus", "members of the lead coop move the project along its lifecycle")
	ChangeBudget         = rule("ChangeBudget", "members of the lead coop change the total, PM charge and shares within the threshold and the invariants, with the partner's consent for a cut of its share")
	ProposeBudgetChange  = rule("ProposeBudgetChange", "members of the lead coop propose a budget change for decision")
	ApplyBudgetMotion    = rule("ApplyBudgetMotion", "a budget motion follows its decisions: applied when every one passed and it still fits, rejected (its other proposals withdrawn) when one failed")
	LogTime              = rule("LogTime", "the freelancer holding a share, or a member of the coop holding it, logs their own time")
	EditTimeEntry        = rule("EditTimeEntry", "the author of a time entry changes it within the same rules as logging it")
	ProposeSurplus       = rule("ProposeSurplus", "members of a coop propose a fiscal year's surplus distribution for decision, once the year has ended and while it is not distributed")
	ApplySurplusDecision = rule("ApplySurplusDecision", "a passed SURPLUS decision records the year's distribution and its parts, once per coop and year")
)

// Cuts of a share need the consent of whoever holds it (issue 15): a
// partner coop's as above, a freelancer's in person.
var (
	ConsentToOwnShareCut = rule("ConsentToOwnShareCut", "the freelancer holding a share consents to a budget motion cutting it (proposing the cut themselves is that consent)")
	DeclineBudgetMotion  = rule("DeclineBudgetMotion", "whoever may consent to a budget motion cutting a share declines it instead (the freelancer holding it, or a member of the partner coop whose bylaws let one member consent): the motion is rejected and its open proposals withdrawn")
)

// Project decisions with everyone on the project (issue 15, item 4).
var (
	WidenProjectDeciders = rule("WidenProjectDeciders", "members of the lead coop let every share holder decide the project (LEAD_COOP to SHARE_HOLDERS); back to LEAD_COOP only by a passed PROJECT_GENERAL decision of the share holders")
	OpenProjectDecision  = rule("OpenProjectDecision", "members of the lead coop open a PROJECT_GENERAL decision of the project; when share holders decide it, so does every share holder (a freelancer holding a share, a member of a partner coop holding one)")
	ApplyProjectDecision = rule("ApplyProjectDecision", "a passed PROJECT_GENERAL decision carrying a change of who decides the project applies it, in the transaction that closes it")
)

// Derived data that Cockpit keeps in step with allowed writes.
var (
	KeepTalentParticipation = rule("KeepTalentParticipation", "talent search's participation flags follow the memberships they derive from")
	KeepTaxonomyVersion     = rule("KeepTaxonomyVersion", "a network's taxonomy version rises with every change of its skills")
	SeedDemo                = rule("SeedDemo", "the demo seeder writes the demo network into a database that does not have it")
	SeedBenchmark           = rule("SeedBenchmark", "the talent benchmark writes its generated network into its own database")
	TestFixture             = rule("TestFixture", "tests write the fixtures they start from")
)
