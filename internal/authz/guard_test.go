package authz_test

import (
	"github.com/coopnetwork/cockpit/internal/testkit"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/internal/authz"
)

// The guard (issue 14, point 3): every mutation argument and input field
// that names another object (an ID, a list of IDs, or the clear of a
// relation) is listed in writeReferences with the rule that decides it and
// the attack case that tries it as the wrong actor. The list is read from
// the live schema, so a new argument, input field or mutation without a row
// fails here, as does a row whose argument is gone, a row whose rule or
// attack case does not exist, an ent schema without a Policy(), and an ent
// type without a row in the read matrix.

// covered names the rule deciding a reference and the attack case trying it
// (a case name of the write matrix, TestEdgeInputAttacks or the
// operation matrix, operations_test.go).
type covered struct{ rule, attack string }

// writeReferences: "mutation(arg)" or "InputType.field" -> coverage.
var writeReferences = map[string]covered{
	// Issue 18, webhooks (internal/webhook, webhooks_test.go).
	"CreateWebhookEndpointInput.coopID":    {"ManageWebhooks", "createWebhookEndpoint for C (another network)"},
	"CreateWebhookEndpointInput.networkID": {"ManageWebhooks", "createWebhookEndpoint for N2 (another network)"},
	"updateWebhookEndpoint(id)":            {"ManageWebhooks", "updateWebhookEndpoint of A"},
	"rotateWebhookSecret(id)":              {"ManageWebhooks", "rotateWebhookSecret of A"},
	"deleteWebhookEndpoint(id)":            {"ManageWebhooks", "deleteWebhookEndpoint of A"},
	"redeliverWebhookDelivery(id)":         {"ManageWebhooks", "redeliverWebhookDelivery of A"},

	// Issue 17, payments and payouts (internal/payouts, payments_test.go).
	"recordPayment(invoiceID)": {"RecordPayment", "recordPayment on A's invoice"},
	"recordPayout(to)":         {"RecordPayout", "recordPayout to B on P (led by A)"},
	"recordPayout(projectID)":  {"RecordPayout", "recordPayout to B on P (led by A)"},
	"recordPayout(coopID)":     {"RecordPayout", "recordPayout by A to the freelancer without a project"},

	// Issue 18, profile export (internal/profileexport, profileexport_test.go).
	"setProjectListedOnProfile(projectID)": {"ListProjectOnProfile", "setProjectListedOnProfile of Q (led by B)"},

	// Generic mutations: the target of an update, and every relation their
	// inputs still change (policies.go, edges.go).
	"updateAvailability(id)": {"KeepOwnAvailability", "updateAvailability memberA's"},
	"updateCoop(id)":         {"ChangeCoop", "updateCoop A's profile"},
	"updateGroup(id)":        {"ManageGroups", "updateGroup of N"},
	"updateNetwork(id)":      {"ManageNetwork", "updateNetwork N"},
	"updatePerson(id)":       {"EditOwnProfile", "updatePerson memberA's private profile"},
	"updatePersonSkill(id)":  {"KeepOwnSkills", "updatePersonSkill memberA's"},
	"updateProject(id)":      {"ChangeProject", "updateProject on P (led by A)"},
	"updateSkill(id)":        {"ManageTaxonomy", "a participant renames a skill"},

	"CreateAvailabilityInput.personID": {"KeepOwnAvailability", "createAvailability for memberA"},
	"CreateGroupInput.networkID":       {"ManageGroups", "createGroup in N"},
	"CreateNetworkInput.coopIDs":       {"BringCoopIntoNetwork", "new network takes a coop that is not the founder's"},
	"CreatePersonSkillInput.personID":  {"KeepOwnSkills", "createPersonSkill for memberA"},
	"CreatePersonSkillInput.skillID":   {"KeepOwnSkills", "person records a skill of another network"},
	"CreateProjectInput.leadCoopID":    {"CreateProject", "createProject led by B"},
	"CreateProjectInput.networkID":     {"AnnounceProject", "createProject led by A, announced in N2"},
	"CreateSkillInput.networkID":       {"ManageTaxonomy", "createSkill in N"},
	"CreateSkillInput.parentID":        {"PlaceSkill", "skill placed under another network's skill"},
	"UpdateCoopInput.addGroupIDs":      {"CoopJoinsGroup", "coop enters a readable group of a network it is not in"},
	"UpdateCoopInput.removeGroupIDs":   {"CoopJoinsGroup", "a non-member takes a coop out of its groups"},
	"UpdateCoopInput.clearGroups":      {"CoopJoinsGroup", "a non-member clears a coop's groups"},
	"UpdateNetworkInput.addCoopIDs":    {"BringCoopIntoNetwork", "admin adds a coop that is not theirs"},
	"UpdateNetworkInput.removeCoopIDs": {"TakeCoopOutOfNetwork", "admin removes a coop that is not theirs"},
	"UpdateNetworkInput.clearCoops":    {"TakeCoopOutOfNetwork", "admin clears the network's coops"},
	"UpdatePersonInput.addGroupIDs":    {"PersonJoinsGroup", "person joins a group of a network they are not in"},
	"UpdatePersonInput.removeGroupIDs": {"PersonJoinsGroup", "someone takes another person out of a group"},
	"UpdatePersonInput.clearGroups":    {"PersonJoinsGroup", "someone clears another person's groups"},
	"UpdateProjectInput.networkID":     {"AnnounceProject", "project announced in a readable network its lead coop is not in"},
	"UpdateProjectInput.clearNetwork":  {"AnnounceProject", "a partner withdraws the lead coop's project from its network"},
	"UpdateSkillInput.parentID":        {"PlaceSkill", "skill placed under its own child (a cycle)"},
	"UpdateSkillInput.clearParent":     {"PlaceSkill", "a participant takes a skill out of the tree"},

	// Invitations (internal/people; cases in invitations_test.go).
	"InviteToNetworkInput.networkID": {"InviteToNetwork", "inviteToNetwork N2 (another network)"},
	"revokeInvitation(id)":           {"RevokeInvitation", "revokeInvitation of N2 (its addressee reads it, may not revoke it)"},
	// Data rights (internal/rights).
	"erasePerson(personID)":             {"ErasePersonByAdmin", "erasePerson of a person of N2 only"},
	"acceptNetworkEtiquette(networkID)": {"AcceptEtiquette", "acceptNetworkEtiquette N2 (another network)"},
	"acceptInvitation(id)":              {"AnswerInvitation", "acceptInvitation(id) addressed to the outsider"},
	"declineInvitation(id)":             {"AnswerInvitation", "declineInvitation addressed to the participant"},
	// The public face (internal/publicface; cases in public_test.go).
	"setCoopPublicProfile(coopID)":         {"SetCoopPublicProfile", "setCoopPublicProfile of A"},
	"setNetworkPublicDirectory(networkID)": {"SetNetworkPublicDirectory", "setNetworkPublicDirectory of N2 (another network)"},

	// Archive instead of delete (internal/archive; cases in archive_test.go).
	"archive(id)":            {"ArchiveGroup", "archive the group of N"},
	"restore(id)":            {"ArchiveSkill", "restore the archived skill K of N"},
	"deleteAvailability(id)": {"DeleteAvailability", "deleteAvailability memberA's"},

	// Domain operations (internal/governance, internal/budgets,
	// internal/talent): each names the case of operations_test.go that
	// tries it on an object the actor may not touch.
	"joinCoop(coopID)":                   {"JoinCoop", "joinCoop C (another network)"},
	"transitionMembership(membershipID)": {"TransitionMembership", "transitionMembership: START_FREELANCING of an INTERESTED person, recorded by a member"},
	"assignBuddy(membershipID)":          {"AssignBuddy", "assignBuddy on B's freelancer"},
	"assignBuddy(buddyID)":               {"AssignBuddy", "assignBuddy: a buddy who is not a member of the coop"},
	"recordBuyIn(membershipID)":          {"RecordBuyIn", "recordBuyIn for B's candidate"},
	"completeMilestone(membershipID)":    {"CompleteMilestone", "completeMilestone for the candidate"},
	"completeMilestone(templateID)":      {"CompleteMilestone", "completeMilestone with B's template"},
	"verifyMilestone(progressID)":        {"VerifyMilestone", "verifyMilestone of the freelancer's milestone"},
	"CreateProposalInput.coopID":         {"OpenProposal", "createProposal in A"},
	"CreateProposalInput.membershipID":   {"OpenProposal", "createProposal ADMISSION in A about B's membership"},
	"CreateProposalInput.projectID":      {"OpenProposal", "createProposal BUDGET in A about B's project"},
	"ProposeExclusionInput.membershipID": {"ProposeExclusion", "proposeExclusion of memberB (B's membership)"},
	"castVote(proposalID)":               {"CastVote", "castVote on the candidate's admission proposal"},
	"closeProposal(proposalID)":          {"CloseProposal", "closeProposal of the candidate's admission proposal (everyone voted)"},
	"castCoopVote(proposalID)":           {"CastCoopVote", "castCoopVote for B on N's proposal (B's delegate is memberB)"},
	"castCoopVote(coopID)":               {"CastCoopVote", "castCoopVote for B on N's proposal (B's delegate is memberB)"},
	"ProposeCoopVoteInput.proposalID":    {"OpenCoopVote", "proposeCoopVote for A on N's proposal"},
	"ProposeCoopVoteInput.coopID":        {"OpenCoopVote", "proposeCoopVote for A on N's proposal"},
	"setProjectStatus(projectID)":        {"SetProjectStatus", "setProjectStatus of P (led by A)"},

	// Network governance (internal/governance network.go).
	"ProposeNetworkDecisionInput.networkID":     {"OpenNetworkProposal", "proposeNetworkDecision NETWORK_GENERAL in N"},
	"ProposeNetworkDecisionInput.subjectCoopID": {"OpenNetworkProposal", "proposeNetworkDecision COOP_EXCLUSION of C (another network)"},
	"ProposeNetworkBylawsChangeInput.networkID": {"OpenNetworkProposal", "proposeNetworkBylawsChange in N"},
	"ApplyToNetworkInput.networkID":             {"ApplyToNetwork", "applyToNetwork: A applies to N2 (found by its ID, unreadable to A's members)"},
	"ApplyToNetworkInput.coopID":                {"ApplyToNetwork", "applyToNetwork: coop C applies to N (nobody here is a member of C)"},

	"CreateBudgetShareInput.projectID":      {"ChangeBudget", "createBudgetShare on Q (led by B)"},
	"CreateBudgetShareInput.coopID":         {"ChangeBudget", "createBudgetShare on P for coop C (another network)"},
	"CreateBudgetShareInput.personID":       {"ChangeBudget", "createBudgetShare on P for the outsider (unknown to A)"},
	"resizeBudgetShare(shareID)":            {"ChangeBudget", "resizeBudgetShare cuts B's share without B's consent"},
	"changeProjectBudget(projectID)":        {"ChangeBudget", "changeProjectBudget of P"},
	"LogTimeInput.shareID":                  {"LogTime", "logTime on the freelancer's share"},
	"updateTimeEntry(id)":                   {"EditTimeEntry", "updateTimeEntry by its author after leaving the coop holding the share"},
	"ProposeBudgetChangeInput.projectID":    {"ProposeBudgetChange", "proposeBudgetChange on P: a new total above A's threshold"},
	"MotionShareInput.coopID":               {"ProposeBudgetChange", "proposeBudgetChange on P: a new share for coop C (another network)"},
	"MotionShareInput.personID":             {"ProposeBudgetChange", "proposeBudgetChange on P: a new share for the outsider (unknown to A)"},
	"MotionResizeInput.shareID":             {"ProposeBudgetChange", "proposeBudgetChange on Q: a share of another project (B's share of P)"},
	"consentToBudgetMotion(motionID)":       {"ConsentToBudgetMotion", "consentToBudgetMotion: a member of B consents to a cut of B's share"},
	"declineBudgetMotion(motionID)":         {"DeclineBudgetMotion", "declineBudgetMotion: the freelancer declines a cut of their share"},
	"endorseSkill(personSkillID)":           {"EndorseSkill", "endorseSkill memberC's Rust (another network)"},
	"withdrawEndorsement(personSkillID)":    {"WithdrawEndorsement", "withdrawEndorsement of the participant's endorsement"},
	"mergeSkills(fromID)":                   {"MergeSkills", "mergeSkills N2's skill into N's"},
	"mergeSkills(intoID)":                   {"MergeSkills", "mergeSkills N's skill into N2's"},
	"setProjectDeciders(projectID)":         {"WidenProjectDeciders", "setProjectDeciders of P to SHARE_HOLDERS"},
	"ProposeProjectDecisionInput.projectID": {"OpenProjectDecision", "proposeProjectDecision on Q (led by B, A holds no share)"},

	// A fiscal year's surplus distribution is a SURPLUS decision (issue 21).
	"ProposeSurplusDistributionInput.coopID": {"ProposeSurplus", "proposeSurplusDistribution for A"},

	// Closed periods of a coop's books (issue 17; cases in coopmoney_test.go).
	"CloseBooksInput.coopID":        {"CloseBooks", "closeBooks of C (another network)"},
	"ProposeCloseBooksInput.coopID": {"ProposeCloseBooks", "proposeCloseBooks of C (another network)"},
	"LogCoopTimeInput.coopID":       {"LogCoopTime", "logCoopTime for C (another network)"},
	"updateCoopTime(id)":            {"LogCoopTime", "updateCoopTime of memberA's entry"},
	"deleteCoopTime(id)":            {"LogCoopTime", "deleteCoopTime of memberA's entry"},
	// issue 17, part dues: dues_test.go
	"ChargeDuesInput.coopID":                {"ChargeDues", "chargeDues of C (another network)"},
	"RecordMemberPaymentInput.duesChargeID": {"RecordMemberPayment", "recordMemberPayment of a charge of C (another network)"},
	"ProposeBuyInWaiverInput.membershipID":  {"ProposeBuyInWaiver", "proposeBuyInWaiver for a membership in C (another network)"},
	"PayBuyInRefundInput.membershipID":      {"PayBuyInRefund", "payBuyInRefund to a member of C (another network)"},

	// The discussion of proposals (issue 15; cases in comments_test.go).
	"CommentOnProposalInput.proposalID":  {"CommentOnProposal", "commentOnProposal on B's proposal"},
	"CommentOnProposalInput.parentID":    {"CommentOnProposal", "commentOnProposal: a reply on A's general proposal to a comment of the admission"},
	"EditProposalCommentInput.commentID": {"EditOwnComment", "editProposalComment of memberA2's comment on the general proposal"},

	// Bylaws change only by decision (issue 15).
	"ProposeBylawsChangeInput.coopID":     {"ProposeBylawsChange", "proposeBylawsChange for A"},
	"BylawsChangeInput.networkDelegateID": {"ProposeBylawsChange", "proposeBylawsChange for A naming B's member as delegate"},

	// Configuration through the API (issue 16; cases in config_test.go).
	"CreateMilestoneTemplateInput.coopID":    {"ManageMilestones", "createMilestoneTemplate in A"},
	"updateMilestoneTemplate(id)":            {"ManageMilestones", "updateMilestoneTemplate of A's template"},
	"reorderMilestoneTemplates(coopID)":      {"ManageMilestones", "reorderMilestoneTemplates of A"},
	"reorderMilestoneTemplates(templateIDs)": {"ManageMilestones", "reorderMilestoneTemplates of A listing B's template"},
	"AddProjectSkillNeedInput.projectID":     {"ManageSkillNeeds", "addProjectSkillNeed on P"},
	"AddProjectSkillNeedInput.skillID":       {"ManageSkillNeeds", "addProjectSkillNeed on P with N2's skill"},
	"updateProjectSkillNeed(id)":             {"ManageSkillNeeds", "updateProjectSkillNeed of P's need"},
	"removeProjectSkillNeed(id)":             {"ManageSkillNeeds", "removeProjectSkillNeed of P's need"},
	"grantNetworkAdmin(networkID)":           {"GrantNetworkAdmin", "grantNetworkAdmin in N2"},
	"grantNetworkAdmin(personID)":            {"GrantNetworkAdmin", "grantNetworkAdmin in N to the outsider"},
	"revokeNetworkAdmin(networkID)":          {"RevokeNetworkAdmin", "revokeNetworkAdmin of N's second admin"},
	"revokeNetworkAdmin(personID)":           {"RevokeNetworkAdmin", "revokeNetworkAdmin in N of the outsider"},
	"InviteToGroupInput.groupID":             {"InviteToGroup", "inviteToGroup into N2's group"},
	"InviteToGroupInput.personID":            {"InviteToGroup", "inviteToGroup the outsider into N's group"},
	"InviteToGroupInput.coopID":              {"InviteToGroup", "inviteToGroup coop C (another network) into N's group"},
	"acceptGroupInvitation(id)":              {"AcceptGroupInvitation", "acceptGroupInvitation of coop B"},
	"declineGroupInvitation(id)":             {"DeclineGroupInvitation", "declineGroupInvitation of memberA"},
	"revokeGroupInvitation(id)":              {"RevokeGroupInvitation", "revokeGroupInvitation of memberB"},
	"leaveGroup(groupID)":                    {"PersonJoinsGroup", "leaveGroup N's group"},
	"leaveGroup(coopID)":                     {"CoopJoinsGroup", "leaveGroup: coop A out of N's group"},

	// Clients and invoices (issue 17, internal/invoicing; cases in invoices_test.go).
	"createClient(coopID)":              {"ManageClients", "createClient for A"},
	"updateClient(id)":                  {"ManageClients", "updateClient of A's client"},
	"setProjectClient(projectID)":       {"SetProjectClient", "setProjectClient of P to A's client"},
	"setProjectClient(clientID)":        {"SetProjectClient", "setProjectClient of P to B's client"},
	"setProjectClient(contactID)":       {"SetProjectClient", "setProjectClient of P with B's member as contact"},
	"setProjectPM(projectID)":           {"SetProjectPM", "setProjectPM of P to the freelancer"},
	"setProjectPM(personID)":            {"SetProjectPM", "setProjectPM of P to the outsider"},
	"setProjectPM(coopID)":              {"SetProjectPM", "setProjectPM of P to coop C (another network)"},
	"CreateInvoiceDraftInput.projectID": {"ManageInvoices", "createInvoiceDraft on P"},
	"addInvoiceLine(invoiceID)":         {"ManageInvoices", "addInvoiceLine to A's draft"},
	"updateInvoiceLine(lineID)":         {"ManageInvoices", "updateInvoiceLine of A's draft"},
	"removeInvoiceLine(lineID)":         {"ManageInvoices", "removeInvoiceLine of A's draft"},
	"deleteInvoiceDraft(id)":            {"ManageInvoices", "deleteInvoiceDraft of A's draft"},
	"issueInvoice(id)":                  {"IssueInvoice", "issueInvoice of A's draft"},
	"cancelInvoice(id)":                 {"CancelInvoice", "cancelInvoice of A's issued invoice"},

	// Issue 17, part books (books_test.go).
	"bookExpense(coopID)":            {"BookExpense", "bookExpense in A"},
	"reverseLedgerEntry(entryID)":    {"CorrectBooks", "reverseLedgerEntry of A's expense"},
	"proposeSettlement(networkID)":   {"ProposeSettlement", "proposeSettlement A with B"},
	"proposeSettlement(otherCoopID)": {"ProposeSettlement", "proposeSettlement with C of another network"},
	"proposeSettlement(coopID)":      {"ProposeSettlement", "proposeSettlement for B, by A's member"},
	"confirmSettlement(id)":          {"ConfirmSettlement", "confirmSettlement of B's proposal to A"},
	"rejectSettlement(id)":           {"RejectSettlement", "rejectSettlement between A and D"},
	"recordSettlementPayment(id)":    {"RecordSettlementPayment", "recordSettlementPayment A pays B"},
}

// introspectedInputs reads the mutation arguments and the input types they
// reach from the live schema.
type ioType struct {
	Name        string
	Kind        string
	Fields      []ioField
	InputFields []ioArg
}
type ioField struct {
	Name string
	Args []ioArg
}
type ioArg struct {
	Name string
	Type ioRef
}
type ioRef struct {
	Kind   string
	Name   *string
	OfType *ioRef
}

func (r ioRef) named() string {
	for t := &r; t != nil; t = t.OfType {
		if t.Name != nil {
			return *t.Name
		}
	}
	return ""
}

// references lists every reference to another object that a mutation
// accepts, as "mutation(arg)" or "InputType.field".
func references(t *testing.T, f *fixture) []string {
	t.Helper()
	typeRef := `type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`
	var got struct {
		Schema struct {
			MutationType struct{ Name string }
			Types        []ioType
		} `json:"__schema"`
	}
	testkit.OK(t, f.as(memberOfA).Do(`{ __schema { mutationType { name } types { name kind
		fields { name args { name `+typeRef+` } }
		inputFields { name `+typeRef+` } } } }`, nil), &got)
	types := map[string]ioType{}
	for _, typ := range got.Schema.Types {
		types[typ.Name] = typ
	}
	var refs []string
	seen := map[string]bool{}
	var walk func(input string)
	walk = func(input string) {
		if seen[input] {
			return
		}
		seen[input] = true
		typ := types[input]
		names := map[string]bool{}
		for _, fl := range typ.InputFields {
			names[fl.Name] = true
		}
		for _, fl := range typ.InputFields {
			switch named := fl.Type.named(); {
			case named == "ID":
				refs = append(refs, input+"."+fl.Name)
			case named == "Boolean" && strings.HasPrefix(fl.Name, "clear") && clearsRelation(fl.Name, names):
				refs = append(refs, input+"."+fl.Name)
			case types[named].Kind == "INPUT_OBJECT":
				walk(named)
			}
		}
	}
	for _, m := range types[got.Schema.MutationType.Name].Fields {
		for _, a := range m.Args {
			switch named := a.Type.named(); {
			case named == "ID":
				refs = append(refs, m.Name+"("+a.Name+")")
			case types[named].Kind == "INPUT_OBJECT":
				walk(named)
			}
		}
	}
	sort.Strings(refs)
	return refs
}

// clearsRelation tells a clear of a relation (clearNetwork next to
// networkID, clearGroups next to addGroupIDs) from a clear of a plain field
// (clearDescription).
func clearsRelation(clear string, fields map[string]bool) bool {
	rel := strings.TrimPrefix(clear, "clear")
	lower := strings.ToLower(rel[:1]) + rel[1:]
	singular := strings.TrimSuffix(rel, "s")
	if rel == "Children" {
		singular = "Child"
	}
	return fields[lower+"ID"] || fields["add"+singular+"IDs"] || fields["remove"+singular+"IDs"]
}

func TestEveryWriteReferenceHasARuleAndAnAttack(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	refs := references(t, f)
	if len(refs) == 0 {
		t.Fatal("no references found: the introspection query is broken")
	}
	rules := map[string]bool{}
	for _, r := range authz.Rules() {
		rules[r.Name] = true
	}
	attacks := map[string]bool{}
	for _, c := range f.writeCases() {
		attacks[c.name] = true
	}
	for _, c := range f.edgeAttacks() {
		attacks[c.name] = true
	}
	for _, c := range f.invitationWriteCases() {
		attacks[c.name] = true
	}
	for _, c := range f.commentWriteCases() {
		attacks[c.name] = true
	}
	for _, c := range f.operationCases() {
		attacks[c.name] = true
	}
	for _, ref := range refs {
		cov, ok := writeReferences[ref]
		if !ok {
			t.Errorf("%s names another object but has no row in writeReferences (rule + attack case)", ref)
			continue
		}
		if !rules[cov.rule] {
			t.Errorf("%s: rule %q is not declared in internal/authz", ref, cov.rule)
		}
		if !attacks[cov.attack] {
			t.Errorf("%s: attack case %q does not exist", ref, cov.attack)
		}
	}
	for ref := range writeReferences {
		if !slices.Contains(refs, ref) {
			t.Errorf("writeReferences lists %s, which the schema no longer has", ref)
		}
	}
}

// TestEveryEntSchemaHasAPolicyAndAReadMatrixRow reads ent/schema: each
// entity declares Policy() (ent privacy), and has a row in the read matrix
// or names the test that covers its reads.
func TestEveryEntSchemaHasAPolicyAndAReadMatrixRow(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "..", "ent", "schema")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	entities := map[string]bool{}
	policies := map[string]bool{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		file, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok {
						continue
					}
					if st, ok := ts.Type.(*ast.StructType); ok && embedsEntSchema(st) {
						entities[ts.Name.Name] = true
					}
				}
			case *ast.FuncDecl:
				if d.Recv != nil && d.Name.Name == "Policy" && len(d.Recv.List) == 1 {
					if id, ok := d.Recv.List[0].Type.(*ast.Ident); ok {
						policies[id.Name] = true
					}
				}
			}
		}
	}
	if len(entities) < 10 {
		t.Fatalf("found only %d entities in %s", len(entities), dir)
	}
	f := newFixture(t)
	rows := map[string]bool{}
	for _, r := range f.rows() {
		rows[r.typ] = true
	}
	for name := range entities {
		if !policies[name] {
			t.Errorf("ent schema %s has no Policy(): its rows would be readable and writable by anyone", name)
		}
		if !rows[name] && readsCoveredElsewhere[name] == "" {
			t.Errorf("ent type %s has no row in the read matrix (matrix_test.go) and no entry in readsCoveredElsewhere", name)
		}
	}
	for name := range readsCoveredElsewhere {
		if !entities[name] {
			t.Errorf("readsCoveredElsewhere lists %s, which is no ent schema", name)
		}
	}
}

func embedsEntSchema(st *ast.StructType) bool {
	for _, fl := range st.Fields.List {
		if sel, ok := fl.Type.(*ast.SelectorExpr); ok && len(fl.Names) == 0 && sel.Sel.Name == "Schema" {
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == "ent" {
				return true
			}
		}
	}
	return false
}

// readsCoveredElsewhere: ent types whose read rule is tested outside the
// read matrix, with the test that does it.
var readsCoveredElsewhere = map[string]string{
	// Issue 18, webhooks: endpoints and deliveries are read by those who
	// manage them (the operation matrix's NOT_FOUND cases), the outbox by
	// nobody through the API.
	"WebhookEndpoint": "webhookOperationCases (operation matrix), internal/server TestWebhookDeliveryRetriesDeadLetterAndRedelivery",
	"WebhookDelivery": "webhookOperationCases (operation matrix), internal/server TestWebhookDeliveryRetriesDeadLetterAndRedelivery",
	"OutboxEvent":     "deny by default (authz OutboxEventPolicy); read only under SystemRead by internal/webhook",
	"Invitation":      "TestInvitationsAreSeenOnlyByThoseTheyConcern",
	// Issue 16: read through internal/audit's own visibility, tested there.
	"AuditRecord":     "internal/audit TestAuditLogVisibility",
	"AuditObject":     "internal/audit TestAuditLogVisibility",
	"Consent":         "internal/people TestConsents",
	"GroupInvitation": "internal/talent TestGroupInvitations",
	// Issue 19: the edge schema of Network.coops.
	"NetworkCoop": "TestNetworkCoopRows",
	// Issue 17: the money types' reads are tested by their packages'
	// visibility tests (a member, a partner coop's member, a freelancer,
	// an outsider).
	"ClientOrganisation": "internal/ledger TestMoneyVisibility",
	"LedgerAccount":      "internal/ledger TestMoneyVisibility",
	"LedgerEntry":        "internal/ledger TestMoneyVisibility",
	"LedgerLine":         "internal/ledger TestMoneyVisibility",
	"Invoice":            "internal/ledger TestMoneyVisibility",
	"InvoiceLine":        "internal/ledger TestMoneyVisibility",
	"Payment":            "internal/ledger TestMoneyVisibility",
	"Payout":             "internal/ledger TestMoneyVisibility",
	"Settlement":         "internal/ledger TestMoneyVisibility",
	"BooksClosure":       "internal/ledger TestMoneyVisibility",
	"DuesCharge":         "internal/ledger TestMoneyVisibility",
	"CoopTimeEntry":      "internal/ledger TestMoneyVisibility",
	// Issue 18: a person's listings are read by them only.
	"ProfileProjectListing": "internal/profileexport TestListingsAreThePersonsOwn",
}
