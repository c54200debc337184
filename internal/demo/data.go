package demo

import (
	"time"

	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/group"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/decision"
)

// The demo network as data. Persons, coops and projects are referred to by
// short keys; Seed checks every reference and every rule of the bylaws before
// it writes anything. All names, companies and addresses are fictional.

// d is a calendar day (midnight UTC).
func d(year, month, day int) time.Time {
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

type networkSpec struct {
	name, slug, description, etiquette string
	// The network's bylaws: how its member coops decide, one vote each.
	defaultRule   network.DefaultRule
	quorumPercent int
}

var demoNetwork = networkSpec{
	name: "Tech-Kollektiv-Netzwerk",
	slug: Slug, defaultRule: network.DefaultRuleTWO_THIRDS, quorumPercent: 50,
	description: "A federation of worker-owned tech cooperatives in Germany and the freelancers around them. " +
		"The network is carried by its coops; interested people and freelancers join the network first and " +
		"find their way into a coop from there. We share projects, budgets, skills and infrastructure, and we " +
		"meet at least once a year.",
	etiquette: `Network etiquette

1. This is not a random freelancer network but a community based on solidarity. We are part of
   political movements and of the solidarity economy.
2. We work together, not against each other. We do not undercut each other's rates or poach
   each other's clients.
3. We communicate respectfully, also when we disagree. Conflicts are addressed early and,
   if needed, with the help of a facilitator from another coop.
4. We practise solidarity in daily life: care work, onboarding and unpaid organising count as work.
5. We build local structures, not only on the internet: city groups meet in person.
6. Everyone who works on a project takes part equally in decisions on its budget and operation.
7. We make the network more diverse: we invite people who are under-represented in tech and
   in the left scene, and we share knowledge freely.`,
}

type milestoneSpec struct {
	name, description string
	optional          bool
}

type coopSpec struct {
	key, name, slug, legalForm, city, website, description string
	contact                                                string // member who answers first contacts; acts on pathway steps
	candidacyDays, rightToJoinDays                         int
	rule                                                   coop.AdmissionRule
	quorumPercent, surplusSharePercent                     int
	buyInCents, budgetChangeThresholdCents                 int64
	monthlyDuesCents                                       int64 // issue 17: the bylaws' dues and levy
	levyBasisPoints                                        int
	milestones                                             []milestoneSpec
	// decisionRules are the kinds the bylaws give their own rule; rule and
	// quorumPercent decide the others (governance.CoopRule).
	decisionRules decision.Rules
	bylawsText    string // the founding bylaws text
}

var demoCoops = []coopSpec{
	{
		key: "qt", name: "Kollektiv Quelltext", slug: "kollektiv-quelltext", legalForm: "GmbH", city: "Leipzig",
		website:     "https://quelltext.example.org",
		description: "Worker-owned software collective, founded 2016 as a GmbH with equal shares and egalitarian bylaws. Web platforms, hosting and security for the solidarity economy.",
		contact:     "anna", candidacyDays: 180, rightToJoinDays: 365, rule: coop.AdmissionRuleCONSENSUS,
		quorumPercent: 75, surplusSharePercent: 75, buyInCents: 100000, budgetChangeThresholdCents: 500000,
		monthlyDuesCents: 5000, levyBasisPoints: 300,
		milestones: []milestoneSpec{
			{name: "Read the bylaws", description: "Read the bylaws and discussed open questions with your buddy."},
			{name: "Worked on two projects with the coop", description: "Billed time on at least two projects led by or shared with the coop."},
			{name: "Met every member", description: "Had a coffee (or a call) with every member."},
			{name: "Joined a plenary as guest", description: "Took part in at least one monthly plenary.", optional: true},
		},
	},
	{
		key: "nw", name: "Netzwerkstatt eG", slug: "netzwerkstatt", legalForm: "eG", city: "Berlin",
		website:     "https://netzwerkstatt.example.net",
		description: "Registered cooperative (eG) of developers and designers in Berlin since 2018: open data portals, mobile apps and infrastructure for NGOs.",
		contact:     "julia", candidacyDays: 365, rightToJoinDays: 180, rule: coop.AdmissionRuleTWO_THIRDS,
		quorumPercent: 50, surplusSharePercent: 60, buyInCents: 250000, budgetChangeThresholdCents: 1000000,
		// Everyday decisions by two-thirds, hiring and firing by consensus,
		// a change of the bylaws by 75 % after two weeks of voting.
		decisionRules: decision.Rules{
			{Kind: "GENERAL", Rule: decision.Rule{Method: decision.TwoThirds, QuorumPercent: 50}},
			{Kind: "ADMISSION", Rule: decision.Rule{Method: decision.Consensus, QuorumPercent: 60, BlockThreshold: 1, StandAsides: decision.StandAsidesQuorumOnly}},
			{Kind: "EXCLUSION", Rule: decision.Rule{Method: decision.Consensus, QuorumPercent: 60, BlockThreshold: 1, StandAsides: decision.StandAsidesQuorumOnly}},
			{Kind: "BYLAWS", Rule: decision.Rule{Method: decision.Supermajority, ThresholdPercent: 75, QuorumPercent: 66, MinVotingDays: 14}},
			{Kind: "COOP_VOTE", Rule: decision.Rule{Method: decision.SimpleMajority, QuorumPercent: 50}},
		},
		bylawsText: "Statute of Netzwerkstatt eG (excerpt). Everyday decisions by two-thirds of the votes cast; admissions and exclusions by consensus; changes of these bylaws by 75 %, with two weeks of voting.",
		milestones: []milestoneSpec{
			{name: "Read the bylaws", description: "Read the statute of the eG and the internal bylaws."},
			{name: "Worked on two projects with the coop", description: "Billed time on at least two projects of the coop."},
			{name: "Met every member", description: "Met every member at least once."},
			{name: "Attended a general assembly", description: "Took part in a Generalversammlung as a guest."},
		},
	},
	{
		key: "hb", name: "Hafenbits", slug: "hafenbits", legalForm: "informal", city: "Hamburg",
		website:     "https://hafenbits.example.org",
		description: "Informal collective from the Hamburg hackspace scene, founded 2019. Self-hosting, Elixir back ends and Flutter apps; bills through a partner coop.",
		contact:     "finn", candidacyDays: 90, rightToJoinDays: 120, rule: coop.AdmissionRuleSIMPLE_MAJORITY,
		quorumPercent: 50, surplusSharePercent: 100, buyInCents: 5000, budgetChangeThresholdCents: 200000,
		milestones: []milestoneSpec{
			{name: "Read the bylaws", description: "Read our one-page agreement."},
			{name: "Worked on a project with the coop", description: "Billed time on at least one Hafenbits project."},
			{name: "Met every member", description: "Met every member, ideally at the Thursday hack night."},
		},
	},
	{
		key: "rk", name: "Rheinkollektiv Software GmbH", slug: "rheinkollektiv", legalForm: "GmbH", city: "Köln",
		website:     "https://rheinkollektiv.example.org",
		description: "Software and security collective in Cologne, founded 2020. Member management and billing for energy coops and cooperative banks; security audits.",
		contact:     "sarah", candidacyDays: 270, rightToJoinDays: 270, rule: coop.AdmissionRuleCONSENSUS,
		quorumPercent: 60, surplusSharePercent: 50, buyInCents: 150000, budgetChangeThresholdCents: 300000,
		bylawsText: "Bylaws of Rheinkollektiv. We decide by consensus of the members. Our vote in the Tech-Kollektiv-Netzwerk is decided by the members each time.",
		milestones: []milestoneSpec{
			{name: "Read the bylaws", description: "Read the bylaws and the shareholder agreement."},
			{name: "Worked on two projects with the coop", description: "Billed time on at least two projects of the coop."},
			{name: "Met every member", description: "Met every member in person."},
			{name: "Facilitated a weekly meeting", description: "Took a turn facilitating the weekly meeting.", optional: true},
		},
	},
}

type skillSpec struct {
	name, area, parent string // parent: name of a skill listed earlier
	aliases            []string
	description        string
}

var demoSkills = []skillSpec{
	// Infrastructure
	{name: "Linux", area: "Infrastructure", aliases: []string{"GNU/Linux"}},
	{name: "Container Orchestration", area: "Infrastructure", description: "Running containers in production."},
	{name: "Kubernetes", area: "Infrastructure", parent: "Container Orchestration", aliases: []string{"k8s"}},
	{name: "Docker", area: "Infrastructure", parent: "Container Orchestration", aliases: []string{"Podman", "Containers"}},
	{name: "Ansible", area: "Infrastructure"},
	{name: "Terraform", area: "Infrastructure", aliases: []string{"OpenTofu"}},
	{name: "Nix", area: "Infrastructure", aliases: []string{"NixOS"}},
	{name: "Monitoring", area: "Infrastructure", aliases: []string{"Observability"}},
	{name: "Prometheus", area: "Infrastructure", parent: "Monitoring"},
	{name: "CI/CD", area: "Infrastructure", aliases: []string{"Continuous Integration"}},
	{name: "Self-Hosting", area: "Infrastructure", description: "Nextcloud, Matrix, mail and friends on own hardware."},
	// Backend
	{name: "Go", area: "Backend", aliases: []string{"Golang"}},
	{name: "Python", area: "Backend"},
	{name: "Django", area: "Backend", parent: "Python"},
	{name: "PHP", area: "Backend"},
	{name: "Symfony", area: "Backend", parent: "PHP"},
	{name: "Ruby on Rails", area: "Backend", aliases: []string{"Rails", "Ruby"}},
	{name: "Java", area: "Backend"},
	{name: "Elixir", area: "Backend", aliases: []string{"Phoenix"}},
	{name: "Rust", area: "Backend"},
	{name: "Node.js", area: "Backend", aliases: []string{"Node", "NodeJS"}},
	{name: "GraphQL", area: "Backend"},
	{name: "REST APIs", area: "Backend", aliases: []string{"REST", "OpenAPI"}},
	// Frontend
	{name: "JavaScript", area: "Frontend", aliases: []string{"JS", "ECMAScript"}},
	{name: "TypeScript", area: "Frontend", aliases: []string{"TS"}},
	{name: "React", area: "Frontend", parent: "JavaScript", aliases: []string{"ReactJS"}},
	{name: "Vue.js", area: "Frontend", parent: "JavaScript", aliases: []string{"Vue"}},
	{name: "Svelte", area: "Frontend", parent: "JavaScript"},
	{name: "HTML & CSS", area: "Frontend", aliases: []string{"HTML", "CSS"}},
	{name: "Accessibility", area: "Frontend", aliases: []string{"a11y", "Barrierefreiheit"}},
	// Data
	{name: "Databases", area: "Data"},
	{name: "PostgreSQL", area: "Data", parent: "Databases", aliases: []string{"Postgres", "psql"}},
	{name: "MariaDB", area: "Data", parent: "Databases", aliases: []string{"MySQL"}},
	{name: "Redis", area: "Data", parent: "Databases"},
	{name: "Data Analysis", area: "Data"},
	{name: "pandas", area: "Data", parent: "Data Analysis"},
	{name: "Machine Learning", area: "Data", aliases: []string{"ML"}},
	{name: "Open Data", area: "Data"},
	// Mobile
	{name: "Android", area: "Mobile"},
	{name: "Kotlin", area: "Mobile", parent: "Android"},
	{name: "iOS", area: "Mobile"},
	{name: "Swift", area: "Mobile", parent: "iOS"},
	{name: "Flutter", area: "Mobile", aliases: []string{"Dart"}},
	{name: "React Native", area: "Mobile"},
	// Security
	{name: "IT Security", area: "Security", aliases: []string{"InfoSec"}},
	{name: "Penetration Testing", area: "Security", parent: "IT Security", aliases: []string{"Pentesting"}},
	{name: "Threat Modelling", area: "Security", parent: "IT Security", aliases: []string{"Threat Modeling"}},
	{name: "Cryptography", area: "Security"},
	{name: "Data Protection", area: "Security", aliases: []string{"GDPR", "DSGVO"}},
	{name: "Identity & Access Management", area: "Security", aliases: []string{"IAM", "OIDC"}},
	// Design
	{name: "UX Design", area: "Design", aliases: []string{"User Experience"}},
	{name: "User Research", area: "Design", parent: "UX Design"},
	{name: "UI Design", area: "Design"},
	{name: "Figma", area: "Design"},
	{name: "Penpot", area: "Design"},
	// Project Management
	{name: "Agile Methods", area: "Project Management", aliases: []string{"Agile"}},
	{name: "Scrum", area: "Project Management", parent: "Agile Methods"},
	{name: "Kanban", area: "Project Management", parent: "Agile Methods"},
	{name: "Facilitation", area: "Project Management", aliases: []string{"Moderation"}},
	{name: "Requirements Engineering", area: "Project Management"},
	{name: "Client Communication", area: "Project Management"},
	{name: "Sociocracy", area: "Project Management", aliases: []string{"Consent Decision-Making"}},
}

// endorsementSpec: participants (by) vouch for a person's skill.
type endorsementSpec struct {
	person, skill string
	by            []string
}

var demoEndorsements = []endorsementSpec{
	{"anna", "Kubernetes", []string{"felix", "ahmad"}},
	{"ahmad", "Kubernetes", []string{"anna", "felix", "moritz"}},
	{"felix", "Go", []string{"anna", "ahmad", "daniel"}},
	{"ahmad", "Go", []string{"felix"}},
	{"jonas", "Django", []string{"hannah", "katrin"}},
	{"mehmet", "React", []string{"lena", "nora"}},
	{"julia", "Facilitation", []string{"anna", "finn", "ida"}},
	{"fatima", "Penetration Testing", []string{"tobias", "sarah"}},
	{"sofia", "Data Analysis", []string{"hannah", "chris"}},
	{"lena", "UX Design", []string{"mehmet", "leonie"}},
}

type availSpec struct {
	hours       int
	from, until time.Time // zero until: open-ended
	note        string
}

// personSpec.skills lists "Name level/years", comma-separated; a leading "~"
// marks a skill the person wants to learn.
type personSpec struct {
	key, name, email, city, bio string
	rateCents                   int64 // 0: no rate given
	admin                       bool
	joined                      time.Time // network join date; zero: first pathway step
	skills                      string
	avail                       []availSpec
}

var demoPersons = []personSpec{
	// Kollektiv Quelltext, Leipzig
	{key: "anna", name: "Anna Schubert", email: "anna.schubert@example.org", city: "Leipzig", rateCents: 8500, admin: true,
		bio:    "Co-founder of Kollektiv Quelltext. Runs our servers and likes boring, reliable infrastructure.",
		skills: "Linux 5/14, Kubernetes 4/6, Ansible 4/7, Go 4/6, PostgreSQL 4/10, Prometheus 3/4, Facilitation 3/5, ~Nix 1/0",
		avail:  []availSpec{{16, d(2026, 11, 1), d(2027, 3, 31), "Plenary duty until March"}, {24, d(2027, 4, 1), time.Time{}, ""}}},
	{key: "jonas", name: "Jonas Becker", email: "jonas.becker@example.org", city: "Leipzig", rateCents: 8500,
		bio:    "Co-founder; backend developer who has spent too long with Django and still likes it.",
		skills: "Python 5/12, Django 5/10, PostgreSQL 4/9, REST APIs 4/8, Docker 3/6, Open Data 3/3, ~Rust 1/0",
		avail:  []availSpec{{20, d(2027, 2, 1), time.Time{}, ""}}},
	{key: "mehmet", name: "Mehmet Yılmaz", email: "mehmet.yilmaz@example.org", city: "Leipzig", rateCents: 8000,
		bio:    "Front-end developer and accessibility nerd; teaches React at the local hackspace.",
		skills: "JavaScript 5/10, TypeScript 4/6, React 5/7, HTML & CSS 5/11, Accessibility 4/5, GraphQL 3/3, ~Svelte 2/1",
		avail:  []availSpec{{20, d(2026, 11, 15), time.Time{}, ""}}},
	{key: "lena", name: "Lena Hoffmann", email: "lena.hoffmann@example.org", city: "Leipzig",
		bio:    "UX designer; does user research with people who never asked for an app.",
		skills: "UX Design 5/9, User Research 4/7, UI Design 4/8, Figma 4/6, Penpot 3/2, HTML & CSS 3/5, Facilitation 4/6",
		avail:  []availSpec{{12, d(2026, 11, 1), d(2027, 1, 31), ""}}},
	{key: "tobias", name: "Tobias Krüger", email: "tobias.krueger@example.net", city: "Dresden", rateCents: 9000,
		bio:    "Security consultant; works from Dresden and comes to Leipzig for the plenary.",
		skills: "IT Security 5/11, Penetration Testing 4/8, Threat Modelling 4/6, Linux 4/12, Cryptography 3/5, Go 3/3, Data Protection 3/4",
		avail:  []availSpec{{10, d(2026, 12, 1), time.Time{}, ""}}},
	{key: "sofia", name: "Sofia Marchetti", email: "sofia.marchetti@example.org", city: "Leipzig", rateCents: 7500,
		bio:    "Data scientist from Bologna; came to Leipzig for a research project and stayed for the coop.",
		skills: "Python 4/7, pandas 5/6, Data Analysis 5/7, Machine Learning 4/5, PostgreSQL 3/4, Open Data 4/3",
		avail:  []availSpec{{30, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "katrin", name: "Katrin Vogel", email: "katrin.vogel@example.org", city: "Leipzig",
		bio:    "PHP and infrastructure; on parental leave until spring 2027.",
		skills: "PHP 4/10, Symfony 4/7, MariaDB 4/10, Docker 3/5, CI/CD 3/4",
		avail:  []availSpec{{10, d(2027, 4, 1), time.Time{}, "After parental leave"}}},
	{key: "felix", name: "Felix Neumann", email: "felix.neumann@example.net", city: "Berlin", rateCents: 8000,
		bio:    "Moved from Leipzig to Berlin in 2023, and from Quelltext to Netzwerkstatt. Go and Kubernetes.",
		skills: "Go 5/8, Kubernetes 4/5, Terraform 4/4, Prometheus 3/3, Linux 4/10, ~Rust 2/1",
		avail:  []availSpec{{20, d(2026, 11, 1), d(2027, 6, 30), ""}}},
	{key: "priya", name: "Priya Raman", email: "priya.raman@example.org", city: "Leipzig", rateCents: 7500,
		bio:    "Full-stack developer; candidate at Quelltext after two years of freelancing with the coop.",
		skills: "TypeScript 4/5, React 4/5, Node.js 4/6, GraphQL 4/3, PostgreSQL 3/4, ~Kubernetes 2/1",
		avail:  []availSpec{{32, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "lukas", name: "Lukas Wagner", email: "lukas.wagner@example.org", city: "Halle (Saale)", rateCents: 6500,
		bio:    "Android developer commuting from Halle; candidate since the summer.",
		skills: "Android 4/5, Kotlin 4/5, Java 3/6, Flutter 2/1, ~iOS 1/0",
		avail:  []availSpec{{25, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "nora", name: "Nora Lindqvist", email: "nora.lindqvist@example.net", city: "Leipzig", rateCents: 8000,
		bio:    "Swedish front-end freelancer; works with Quelltext on the neighbourhood platform.",
		skills: "Vue.js 4/6, JavaScript 4/8, TypeScript 3/3, HTML & CSS 4/8, UI Design 3/4",
		avail:  []availSpec{{20, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "daniel", name: "Daniel Okafor", email: "daniel.okafor@example.net", city: "Leipzig", rateCents: 7500,
		bio:    "Backend freelancer (Go, Python); works with Quelltext and Netzwerkstatt.",
		skills: "Go 4/4, Python 4/6, PostgreSQL 3/4, Docker 4/5, REST APIs 4/5, ~Elixir 1/0",
		avail:  []availSpec{{15, d(2026, 11, 1), d(2027, 2, 28), ""}}},
	{key: "marie", name: "Marie Fischer", email: "marie.fischer@example.org", city: "Leipzig",
		bio:    "Computer science student; wants to learn how a coop works from the inside.",
		skills: "Python 2/2, HTML & CSS 2/2, JavaScript 2/1, ~Django 1/0",
		avail:  []availSpec{{8, d(2026, 11, 1), time.Time{}, "During the semester"}}},

	// Netzwerkstatt eG, Berlin
	{key: "julia", name: "Julia Schmidt", email: "julia.schmidt@example.org", city: "Berlin", rateCents: 8000, admin: true,
		bio:    "Co-founder of Netzwerkstatt eG; project management, facilitation and the network's AG Cockpit.",
		skills: "Agile Methods 5/10, Scrum 4/8, Facilitation 5/9, Requirements Engineering 4/7, Client Communication 5/10, Sociocracy 4/4, Python 2/3",
		avail:  []availSpec{{12, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "ahmad", name: "Ahmad Haddad", email: "ahmad.haddad@example.org", city: "Berlin", rateCents: 8500,
		bio:    "Infrastructure and Go; maintains the network's shared Kubernetes cluster.",
		skills: "Go 5/9, Kubernetes 5/7, Docker 5/8, Linux 5/13, Terraform 4/5, CI/CD 4/6, Prometheus 4/5, ~Nix 2/1",
		avail:  []availSpec{{20, d(2027, 1, 1), time.Time{}, ""}}},
	{key: "clara", name: "Clara Weber", email: "clara.weber@example.org", city: "Berlin", rateCents: 8000,
		bio:    "Front-end developer with a soft spot for design systems.",
		skills: "Vue.js 5/7, TypeScript 4/6, JavaScript 5/9, HTML & CSS 5/10, Accessibility 3/3, Figma 3/4",
		avail:  []availSpec{{24, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "emre", name: "Emre Demir", email: "emre.demir@example.net", city: "Berlin", rateCents: 8000,
		bio:    "Mobile developer; builds the apps nobody notices until they stop working.",
		skills: "Android 5/9, Kotlin 5/7, Java 4/9, Flutter 3/2, React Native 3/3, ~Swift 2/1",
		avail:  []availSpec{{30, d(2026, 11, 1), d(2027, 4, 30), ""}}},
	{key: "hannah", name: "Hannah Braun", email: "hannah.braun@example.org", city: "Potsdam", rateCents: 7500,
		bio:    "Data engineer; open data for climate and transport.",
		skills: "Python 4/6, PostgreSQL 4/6, Data Analysis 4/5, Open Data 5/6, pandas 4/4, Machine Learning 2/1",
		avail:  []availSpec{{20, d(2026, 12, 1), time.Time{}, ""}}},
	{key: "samuel", name: "Samuel Mensah", email: "samuel.mensah@example.org", city: "Berlin", rateCents: 7000,
		bio:    "Backend developer (Java, Kotlin) and candidate at Netzwerkstatt.",
		skills: "Java 4/7, Kotlin 3/3, PostgreSQL 3/5, REST APIs 4/6, Docker 3/3",
		avail:  []availSpec{{25, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "marco", name: "Marco Rossi", email: "marco.rossi@example.net", city: "Berlin", rateCents: 8000,
		bio:    "Rails developer; freelancing with Netzwerkstatt and planning to apply again.",
		skills: "Ruby on Rails 5/10, PostgreSQL 4/8, JavaScript 3/6, Redis 3/4, ~Elixir 2/1",
		avail:  []availSpec{{20, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "yuki", name: "Yuki Tanaka", email: "yuki.tanaka@example.net", city: "Berlin", rateCents: 7500,
		bio:    "Designer and front-end developer; maps and data visualisation.",
		skills: "UI Design 4/6, UX Design 3/4, JavaScript 4/5, Svelte 4/3, Figma 4/5, Open Data 2/2",
		avail:  []availSpec{{16, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "ole", name: "Ole Jansen", email: "ole.jansen@example.org", city: "Lisbon",
		bio:    "Was interested in Netzwerkstatt, then moved to Lisbon; still reads the network list.",
		skills: "Python 3/3, Django 3/2, Linux 3/4"},
	{key: "aylin", name: "Aylin Kaya", email: "aylin.kaya@example.org", city: "Berlin",
		bio:    "Security researcher looking for a coop that takes privacy seriously.",
		skills: "IT Security 3/3, Cryptography 3/2, Data Protection 4/4, Python 3/4, ~Penetration Testing 2/1",
		avail:  []availSpec{{10, d(2027, 1, 15), time.Time{}, ""}}},

	// Hafenbits, Hamburg
	{key: "finn", name: "Finn Petersen", email: "finn.petersen@example.org", city: "Hamburg", rateCents: 7500,
		bio:    "Started Hafenbits with friends from the hackspace; Nix evangelist.",
		skills: "Nix 5/5, Linux 5/12, Self-Hosting 5/10, Ansible 4/6, Monitoring 4/6, Elixir 3/3",
		avail:  []availSpec{{20, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "malte", name: "Malte Carstensen", email: "malte.carstensen@example.org", city: "Hamburg", rateCents: 7500,
		bio:    "Backend developer (Elixir, Rails); bakes bread for the plenary.",
		skills: "Elixir 5/6, Ruby on Rails 4/8, PostgreSQL 4/8, GraphQL 3/3, Redis 3/4",
		avail:  []availSpec{{24, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "leonie", name: "Leonie Hansen", email: "leonie.hansen@example.org", city: "Hamburg", rateCents: 7000,
		bio:    "Designer and front-end developer.",
		skills: "UI Design 5/8, UX Design 4/6, Figma 4/5, Penpot 4/3, HTML & CSS 4/7, Svelte 3/2, Accessibility 3/3",
		avail:  []availSpec{{20, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "tomasz", name: "Tomasz Kowalski", email: "tomasz.kowalski@example.net", city: "Hamburg", rateCents: 7000,
		bio:    "Flutter developer from Gdańsk; Hafenbits member since spring.",
		skills: "Flutter 5/5, Android 3/4, iOS 3/3, Swift 2/2, Elixir 2/1, ~Kotlin 2/1",
		avail:  []availSpec{{30, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "svenja", name: "Svenja Möller", email: "svenja.moeller@example.org", city: "Hamburg",
		bio:    "Project manager on a sabbatical, sailing the Baltic; back in 2027.",
		skills: "Scrum 3/5, Kanban 4/6, Client Communication 4/7, Requirements Engineering 3/5",
		avail:  []availSpec{{10, d(2027, 5, 1), time.Time{}, "After the sabbatical"}}},
	{key: "amira", name: "Amira Benali", email: "amira.benali@example.org", city: "Hamburg", rateCents: 6500,
		bio:    "Backend developer and Hafenbits candidate; organises the Hamburg city group.",
		skills: "PHP 4/6, Symfony 3/4, MariaDB 3/5, Docker 3/3, Facilitation 3/2, ~Elixir 2/1",
		avail:  []availSpec{{24, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "jan", name: "Jan de Vries", email: "jan.devries@example.net", city: "Bremen", rateCents: 7000,
		bio:    "Dutch iOS developer in Bremen; freelances with Hafenbits.",
		skills: "iOS 5/8, Swift 5/7, Flutter 3/3, UI Design 2/2",
		avail:  []availSpec{{20, d(2026, 11, 1), d(2027, 3, 31), ""}}},
	{key: "rasmus", name: "Rasmus Holm", email: "rasmus.holm@example.net", city: "Kiel", rateCents: 7000,
		bio:    "Danish sysadmin in Kiel; helps Hafenbits with hosting.",
		skills: "Linux 5/15, Self-Hosting 4/10, Ansible 4/8, Monitoring 3/5, Prometheus 3/4",
		avail:  []availSpec{{8, d(2026, 11, 1), time.Time{}, ""}}},

	// Rheinkollektiv, Köln
	{key: "sarah", name: "Sarah Klein", email: "sarah.klein@example.org", city: "Köln", rateCents: 8500,
		bio:    "Co-founder of Rheinkollektiv; project management and client work.",
		skills: "Scrum 5/7, Kanban 4/6, Requirements Engineering 5/8, Client Communication 5/9, UX Design 2/2",
		avail:  []availSpec{{16, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "kevin", name: "Kevin Schulz", email: "kevin.schulz@example.org", city: "Köln", rateCents: 8000,
		bio:    "Java and Kotlin back ends for cooperative banks and energy coops.",
		skills: "Java 5/10, Kotlin 4/5, PostgreSQL 4/8, REST APIs 4/8, GraphQL 3/2, Vue.js 2/2",
		avail:  []availSpec{{24, d(2027, 1, 15), time.Time{}, ""}}},
	{key: "fatima", name: "Fatima Al-Sayed", email: "fatima.alsayed@example.org", city: "Bonn", rateCents: 9500,
		bio:    "Penetration tester; runs the network's monthly security clinic.",
		skills: "Penetration Testing 5/9, IT Security 5/10, Threat Modelling 4/5, Identity & Access Management 4/6, Python 3/6, Data Protection 4/6",
		avail:  []availSpec{{12, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "moritz", name: "Moritz Lehmann", email: "moritz.lehmann@example.org", city: "Köln", rateCents: 8500,
		bio:    "DevOps: Terraform by day, modular synthesizers by night.",
		skills: "Terraform 5/6, Kubernetes 4/5, Ansible 4/7, CI/CD 5/8, Linux 4/11, Go 3/2, Identity & Access Management 3/3",
		avail:  []availSpec{{20, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "elena", name: "Elena Popescu", email: "elena.popescu@example.org", city: "Köln", rateCents: 7500,
		bio:    "Vue and Symfony developer from Cluj; candidate at Rheinkollektiv.",
		skills: "Vue.js 4/5, PHP 4/7, Symfony 4/5, MariaDB 3/5, TypeScript 3/2",
		avail:  []availSpec{{30, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "chris", name: "Chris Morgan", email: "chris.morgan@example.net", city: "Düsseldorf", rateCents: 8000,
		bio:    "British data engineer in Düsseldorf; freelances with Rheinkollektiv.",
		skills: "Python 5/9, Data Analysis 4/6, PostgreSQL 4/7, Machine Learning 3/3, pandas 4/5, ~Rust 1/0",
		avail:  []availSpec{{20, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "paula", name: "Paula Schröder", email: "paula.schroeder@example.org", city: "Köln",
		bio:    "Career changer from social work, learning web development.",
		skills: "HTML & CSS 2/1, JavaScript 1/1, Facilitation 4/8, ~Vue.js 1/0",
		avail:  []availSpec{{10, d(2026, 11, 1), d(2027, 6, 30), ""}}},
	{key: "benedikt", name: "Benedikt Wolf", email: "benedikt.wolf@example.net", city: "Wien",
		bio:    "Co-founded Rheinkollektiv; moved to Vienna in 2025 and left the coop on good terms.",
		skills: "PHP 4/10, Symfony 4/8, Docker 3/6"},

	// In the network, not (yet) with a coop
	{key: "gabriel", name: "Gabriel Santos", email: "gabriel.santos@example.net", city: "Freiburg", rateCents: 7000, joined: d(2025, 12, 29),
		bio:    "Freelance data journalist; found the network at a tech-coops meetup at the Congress.",
		skills: "Data Analysis 4/5, Open Data 4/6, Python 3/4, JavaScript 3/4, ~Machine Learning 1/0",
		avail:  []availSpec{{10, d(2026, 11, 1), time.Time{}, ""}}},
	{key: "ida", name: "Ida Sommer", email: "ida.sommer@example.org", city: "Dresden", joined: d(2024, 5, 10),
		bio:    "Sociocracy trainer; facilitates the network's yearly meeting.",
		skills: "Sociocracy 5/7, Facilitation 5/10, Kanban 3/3",
		avail:  []availSpec{{4, d(2026, 11, 1), time.Time{}, ""}}},
}

// membershipSpec.path is the pathway history, oldest first:
// "STATE yyyy-mm-dd > STATE yyyy-mm-dd > ...".
type membershipSpec struct {
	person, coop string
	path         string
	buddy        string // a current MEMBER of the same coop
	buyIn        bool   // buy-in recorded; always true once a person became MEMBER
	done         int    // milestones completed, for candidacies that did not (yet) end in MEMBER
	verified     int    // of those, verified by a member
	reason       string // reason of the last step; a default text otherwise
	// founder: founded the coop, so the history begins as MEMBER on the
	// founding day (as creating a coop makes its creator a member): no
	// candidacy, no buddy, no milestones, buy-in paid on founding.
	founder bool
}

var demoMemberships = []membershipSpec{
	// Kollektiv Quelltext: freelancers may apply after 365 days, candidacy 180 days.
	{person: "anna", coop: "qt", path: "MEMBER 2015-05-04", founder: true},
	{person: "jonas", coop: "qt", path: "MEMBER 2015-05-04", founder: true},
	{person: "mehmet", coop: "qt", path: "INTERESTED 2016-03-10 > FREELANCER 2016-05-02 > CANDIDATE 2017-05-08 > MEMBER 2017-11-13", buddy: "anna"},
	{person: "lena", coop: "qt", path: "INTERESTED 2017-09-01 > FREELANCER 2017-10-02 > CANDIDATE 2018-10-08 > MEMBER 2019-04-15", buddy: "jonas"},
	{person: "tobias", coop: "qt", path: "INTERESTED 2018-11-20 > FREELANCER 2019-01-07 > CANDIDATE 2020-01-13 > MEMBER 2020-07-20", buddy: "anna"},
	{person: "katrin", coop: "qt", path: "INTERESTED 2018-02-01 > FREELANCER 2018-03-05 > CANDIDATE 2019-03-11 > MEMBER 2019-09-16 > PAUSED 2026-06-15", buddy: "mehmet", reason: "Parental leave until spring 2027"},
	{person: "felix", coop: "qt", path: "INTERESTED 2017-01-09 > FREELANCER 2017-02-06 > CANDIDATE 2018-02-12 > MEMBER 2018-08-20 > LEFT 2023-03-31", buddy: "jonas", reason: "Moved to Berlin; stays in the network"},
	{person: "sofia", coop: "qt", path: "INTERESTED 2024-01-15 > FREELANCER 2024-03-04 > CANDIDATE 2025-10-06 > MEMBER 2026-05-04", buddy: "lena"},
	{person: "priya", coop: "qt", path: "INTERESTED 2024-04-08 > FREELANCER 2024-05-06 > CANDIDATE 2026-03-02", buddy: "anna", buyIn: true, done: 4, verified: 3},
	{person: "lukas", coop: "qt", path: "INTERESTED 2024-06-03 > FREELANCER 2025-01-13 > CANDIDATE 2026-08-03", buddy: "jonas", done: 1, verified: 1},
	{person: "nora", coop: "qt", path: "INTERESTED 2025-04-07 > FREELANCER 2025-06-02"},
	{person: "daniel", coop: "qt", path: "INTERESTED 2025-11-03 > FREELANCER 2026-02-02"},
	{person: "marie", coop: "qt", path: "INTERESTED 2026-10-05", reason: "Came to the open evening in Leipzig"},

	// Netzwerkstatt eG: freelancers may apply after 180 days, candidacy 365 days.
	{person: "julia", coop: "nw", path: "MEMBER 2017-03-01", founder: true},
	{person: "ahmad", coop: "nw", path: "MEMBER 2017-03-01", founder: true},
	{person: "clara", coop: "nw", path: "INTERESTED 2018-01-15 > FREELANCER 2018-02-05 > CANDIDATE 2018-08-06 > MEMBER 2019-08-12", buddy: "julia"},
	{person: "emre", coop: "nw", path: "INTERESTED 2019-05-06 > FREELANCER 2019-06-03 > CANDIDATE 2019-12-02 > MEMBER 2020-12-07", buddy: "ahmad"},
	{person: "felix", coop: "nw", path: "INTERESTED 2023-04-03 > FREELANCER 2023-04-17 > CANDIDATE 2023-10-16 > MEMBER 2024-10-21", buddy: "ahmad"},
	{person: "hannah", coop: "nw", path: "INTERESTED 2024-02-05 > FREELANCER 2024-03-04 > CANDIDATE 2025-02-03 > MEMBER 2026-03-01", buddy: "clara"},
	{person: "samuel", coop: "nw", path: "INTERESTED 2025-01-13 > FREELANCER 2025-02-03 > CANDIDATE 2026-01-12", buddy: "ahmad", buyIn: true, done: 2, verified: 1},
	{person: "marco", coop: "nw", path: "INTERESTED 2023-09-04 > FREELANCER 2024-01-08 > CANDIDATE 2024-09-02 > FREELANCER 2025-10-06", buddy: "clara", buyIn: true, done: 4, verified: 4},
	{person: "yuki", coop: "nw", path: "INTERESTED 2025-09-01 > FREELANCER 2025-11-03"},
	{person: "daniel", coop: "nw", path: "INTERESTED 2026-01-12 > FREELANCER 2026-03-02"},
	{person: "ole", coop: "nw", path: "INTERESTED 2024-02-12 > LEFT 2024-09-30", reason: "Moved to Lisbon"},
	{person: "aylin", coop: "nw", path: "INTERESTED 2026-09-14"},

	// Hafenbits: freelancers may apply after 120 days, candidacy 90 days.
	{person: "finn", coop: "hb", path: "MEMBER 2019-09-02", founder: true},
	{person: "malte", coop: "hb", path: "MEMBER 2019-09-02", founder: true},
	{person: "leonie", coop: "hb", path: "INTERESTED 2020-06-01 > FREELANCER 2020-07-06 > CANDIDATE 2020-11-09 > MEMBER 2021-02-15", buddy: "finn"},
	{person: "svenja", coop: "hb", path: "INTERESTED 2020-09-07 > FREELANCER 2020-10-05 > CANDIDATE 2021-02-08 > MEMBER 2021-05-10 > PAUSED 2026-04-15", buddy: "malte", reason: "Sabbatical: sailing the Baltic"},
	{person: "tomasz", coop: "hb", path: "INTERESTED 2025-03-03 > FREELANCER 2025-04-07 > CANDIDATE 2025-12-01 > MEMBER 2026-03-24", buddy: "leonie"},
	{person: "amira", coop: "hb", path: "INTERESTED 2025-05-05 > FREELANCER 2025-06-02 > CANDIDATE 2026-09-07", buddy: "finn", buyIn: true, done: 1},
	{person: "jan", coop: "hb", path: "INTERESTED 2025-02-03 > FREELANCER 2025-03-03"},
	{person: "rasmus", coop: "hb", path: "INTERESTED 2025-01-06 > FREELANCER 2025-03-10"},

	// Rheinkollektiv: freelancers may apply after 270 days, candidacy 270 days.
	{person: "sarah", coop: "rk", path: "MEMBER 2020-01-06", founder: true},
	{person: "kevin", coop: "rk", path: "MEMBER 2020-01-06", founder: true},
	{person: "benedikt", coop: "rk", path: "MEMBER 2020-01-06 > LEFT 2025-06-30", founder: true, reason: "Moved to Vienna; left on good terms"},
	{person: "fatima", coop: "rk", path: "INTERESTED 2021-03-01 > FREELANCER 2021-04-05 > CANDIDATE 2022-01-10 > MEMBER 2022-10-10", buddy: "sarah"},
	{person: "moritz", coop: "rk", path: "INTERESTED 2021-09-06 > FREELANCER 2021-10-04 > CANDIDATE 2022-07-04 > MEMBER 2023-04-03", buddy: "kevin"},
	{person: "elena", coop: "rk", path: "INTERESTED 2024-09-02 > FREELANCER 2024-11-04 > CANDIDATE 2025-12-15", buddy: "sarah", buyIn: true, done: 4, verified: 3},
	{person: "chris", coop: "rk", path: "INTERESTED 2025-07-07 > FREELANCER 2025-10-06"},
	{person: "paula", coop: "rk", path: "INTERESTED 2026-07-13"},
}

// groupSpec: CITY groups also get every person and coop whose city equals the group's city.
type groupSpec struct {
	kind                    group.Kind
	name, city, description string
	members, coops          []string
}

var demoGroups = []groupSpec{
	{kind: group.KindCITY, name: "Leipzig", city: "Leipzig", description: "Co-working on Wednesdays, plenary dinner once a month.",
		members: []string{"lukas", "tobias", "ida"}},
	{kind: group.KindCITY, name: "Berlin", city: "Berlin", description: "Meets at the Netzwerkstatt office in Wedding.",
		members: []string{"hannah"}},
	{kind: group.KindCITY, name: "Hamburg", city: "Hamburg", description: "Thursday hack night at the hackspace.",
		members: []string{"jan"}},
	{kind: group.KindCITY, name: "Köln", city: "Köln", description: "Köln, Bonn and Düsseldorf; monthly Stammtisch.",
		members: []string{"fatima", "chris"}},
	{kind: group.KindCOMPETENCE, name: "Infrastructure", description: "Kompetenzgruppe for hosting, the shared cluster and on-call.",
		members: []string{"anna", "ahmad", "felix", "finn", "moritz", "rasmus"}, coops: []string{"qt", "rk"}},
	{kind: group.KindCOMPETENCE, name: "Web", description: "Kompetenzgruppe for front and back ends of web applications.",
		members: []string{"mehmet", "clara", "leonie", "nora", "priya", "elena", "yuki"}, coops: []string{"nw", "hb"}},
	{kind: group.KindCOMPETENCE, name: "Data", description: "Kompetenzgruppe for databases, open data and analysis.",
		members: []string{"jonas", "sofia", "hannah", "chris", "gabriel"}, coops: []string{"nw"}},
	{kind: group.KindWORKING, name: "AG Cockpit", description: "Builds Cockpit, the network's back office: budgets, skills and pathways.",
		members: []string{"julia", "anna", "ahmad", "priya", "finn", "sarah", "ida"}, coops: []string{"qt", "nw"}},
}

type needSpec struct {
	skill                      string
	minLevel, hours, headcount int
}

// shareSpec is held by exactly one of coop and person; workers are the
// coop's members who log time on it (a person share is worked by its holder).
type shareSpec struct {
	coop, person string
	hours        int
	rateCents    int64
	workers      []string
	description  string
}

type projectSpec struct {
	key, lead, name, client, description string
	status                               project.Status
	budgetCents                          int64
	pmChargePercent                      int
	starts, ends                         time.Time
	needs                                []needSpec
	shares                               []shareSpec
	notes                                []string         // time entry notes
	deciders                             project.Deciders // "": LEAD_COOP
}

var demoProjects = []projectSpec{
	{key: "stadtteilnetz", lead: "qt", name: "Stadtteilnetz", client: "Nachbarschaftsnetz Leipzig-Ost e.V.",
		description: "Neighbourhood platform for mutual aid: requests and offers, a tool library and event announcements.",
		status:      project.StatusACTIVE, budgetCents: 8400000, pmChargePercent: 10, starts: d(2026, 5, 4), ends: d(2027, 1, 29),
		needs: []needSpec{{"Go", 4, 20, 1}, {"React", 3, 20, 1}, {"PostgreSQL", 3, 10, 1}, {"UX Design", 3, 8, 1}},
		shares: []shareSpec{
			{coop: "qt", hours: 400, rateCents: 8500, workers: []string{"anna", "mehmet", "lena"}, description: "Lead: backend, design, operations"},
			{coop: "nw", hours: 200, rateCents: 8500, workers: []string{"ahmad", "clara"}, description: "Hosting on the shared cluster, front-end support"},
			{person: "nora", hours: 150, rateCents: 8000, description: "Front end"},
			{person: "daniel", hours: 100, rateCents: 7500, description: "Matching service"},
		},
		notes: []string{"API for requests and offers", "Tool library booking", "User test at the neighbourhood café", "Deployment and backups", "Accessibility review", "Sprint planning with the client"}},
	{key: "klimadaten", lead: "nw", name: "Klimadaten-Portal", client: "Klimabündnis Berlin-Brandenburg",
		description: "Open data portal for local climate measurements, with an import pipeline for volunteer weather stations.",
		status:      project.StatusACTIVE, budgetCents: 6000000, pmChargePercent: 8, starts: d(2026, 3, 2), ends: d(2026, 12, 18),
		needs: []needSpec{{"Open Data", 4, 15, 1}, {"Python", 4, 20, 1}, {"Vue.js", 3, 20, 1}, {"Data Analysis", 3, 10, 1}},
		shares: []shareSpec{
			{coop: "nw", hours: 350, rateCents: 8000, workers: []string{"julia", "hannah", "clara"}, description: "Lead: data pipeline, front end, project management"},
			{coop: "qt", hours: 100, rateCents: 8500, workers: []string{"jonas"}, description: "Django API"},
			{person: "yuki", hours: 120, rateCents: 7500, description: "Maps and charts"},
			{person: "marco", hours: 60, rateCents: 8000, description: "Station registry"},
		},
		notes:    []string{"Import pipeline for station data", "Map view", "Data licence questions with the client", "CSV and JSON downloads", "Workshop with volunteers"},
		deciders: project.DecidersSHARE_HOLDERS}, // everyone on the project decides it (etiquette, point 6)
	{key: "lastenrad", lead: "hb", name: "Lastenrad-Verleih App", client: "Freie Lastenräder Hamburg e.V.",
		description: "Booking app for community cargo bikes: Flutter app, Elixir back end, self-hosted.",
		status:      project.StatusCOMPLETED, budgetCents: 3600000, pmChargePercent: 10, starts: d(2025, 4, 1), ends: d(2025, 10, 31),
		needs: []needSpec{{"Flutter", 4, 20, 1}, {"Elixir", 4, 15, 1}, {"UI Design", 3, 8, 1}},
		shares: []shareSpec{
			{coop: "hb", hours: 300, rateCents: 7500, workers: []string{"finn", "malte", "leonie"}, description: "Lead: back end, design, hosting"},
			{person: "jan", hours: 100, rateCents: 7000, description: "iOS build and app store release"},
			{person: "rasmus", hours: 30, rateCents: 7000, description: "Hosting setup"},
		},
		notes: []string{"Booking calendar", "Push notifications", "Station map", "Release to the app stores", "Server setup"}},
	{key: "buergerenergie", lead: "rk", name: "Mitgliederverwaltung Bürgerenergie", client: "Bürgerenergie Rheinland eG",
		description: "Member management and dividend payouts for an energy cooperative with 3,000 members.",
		status:      project.StatusPROPOSED, budgetCents: 4500000, pmChargePercent: 10, starts: d(2027, 1, 15), ends: d(2027, 9, 30),
		needs: []needSpec{{"Java", 4, 25, 1}, {"Vue.js", 3, 15, 1}, {"Data Protection", 3, 4, 1}, {"PostgreSQL", 3, 5, 1}},
		shares: []shareSpec{
			{coop: "rk", hours: 300, rateCents: 8500, description: "Lead: back end, project management"},
			{person: "chris", hours: 80, rateCents: 8000, description: "Data migration"},
		}},
	{key: "mietenkampagne", lead: "qt", name: "Kampagnenseite Mietenstopp", client: "Mieterinitiative Südvorstadt",
		description: "Campaign website with a petition; cancelled when the campaign was merged into a city-wide alliance.",
		status:      project.StatusCANCELLED, budgetCents: 1200000, pmChargePercent: 10, starts: d(2026, 2, 2), ends: d(2026, 4, 30),
		needs: []needSpec{{"HTML & CSS", 3, 10, 1}, {"UX Design", 3, 5, 1}},
		shares: []shareSpec{
			{coop: "qt", hours: 100, rateCents: 8500, description: "Design and build"},
		}},
	{key: "sicherheitsaudit", lead: "rk", name: "Sicherheitsaudit Bürgerzentrum", client: "Bürgerzentrum Ehrenfeld e.V.",
		description: "Security audit and hardening of the IT of a community centre: network, Nextcloud, booking system.",
		status:      project.StatusCOMPLETED, budgetCents: 1800000, pmChargePercent: 5, starts: d(2025, 9, 1), ends: d(2025, 12, 19),
		needs: []needSpec{{"Penetration Testing", 4, 10, 1}, {"Linux", 4, 8, 1}, {"Data Protection", 3, 4, 1}},
		shares: []shareSpec{
			{coop: "rk", hours: 120, rateCents: 9000, workers: []string{"fatima", "moritz"}, description: "Lead: audit and hardening"},
			{coop: "qt", hours: 40, rateCents: 9000, workers: []string{"tobias"}, description: "Second pair of eyes on the audit"},
		},
		notes: []string{"Network scan", "Nextcloud hardening", "Report writing", "Workshop for the staff"}},
}

// proposalSpec: votes is "person:CHOICE ...". A closed proposal closes at
// closes; its status must be what its votes give under the coop's bylaws.
type proposalSpec struct {
	coop        string
	kind        proposal.Kind
	title, body string
	author      string
	member      string // ADMISSION: the candidate (person key)
	project     string // BUDGET: project key
	opened      time.Time
	closes      time.Time
	status      proposal.Status
	votes       string
	reasons     map[string]string // vote reasons by person
	// electorate: "" or MEMBERS; SHARE_HOLDERS for a decision of a project
	// (project) decided by its share holders, where only its freelancers
	// vote in person (coops vote as coops: not planned here).
	electorate proposal.Electorate
	parent     string      // COOP_VOTE: title of the network proposal whose coop vote it decides
	bylaws     *bylawsSpec // BYLAWS: the change, applied when it passes
}

// bylawsSpec is the change a BYLAWS proposal carries (fields left zero stay).
type bylawsSpec struct {
	networkVotes coop.NetworkVotes
	delegate     string // person key: the member who casts the coop's network votes
	text         string
}

var demoProposals = []proposalSpec{
	// Kollektiv Quelltext (CONSENSUS, quorum 75 %)
	{coop: "qt", kind: proposal.KindGENERAL, author: "jonas", opened: d(2025, 11, 1), closes: d(2025, 11, 15), status: proposal.StatusREJECTED,
		title: "Introduce seniority-based hourly pay",
		body:  "Members with more than five years in the coop get a 10 % higher internal hourly rate.",
		votes: "anna:YES jonas:YES mehmet:BLOCK lena:NO tobias:ABSTAIN",
		reasons: map[string]string{
			"mehmet": "Equal pay for equal time is the core of our bylaws.",
		}},
	{coop: "qt", kind: proposal.KindADMISSION, member: "sofia", author: "lena", opened: d(2026, 4, 20), closes: d(2026, 5, 4), status: proposal.StatusPASSED,
		title: "Admit Sofia Marchetti as a member",
		body:  "Sofia has finished her candidacy, all milestones are verified and the buy-in is paid.",
		votes: "anna:YES jonas:YES mehmet:YES lena:YES tobias:YES"},
	{coop: "qt", kind: proposal.KindBUDGET, project: "stadtteilnetz", author: "anna", opened: d(2026, 7, 1), closes: d(2026, 7, 10), status: proposal.StatusPASSED,
		title: "Stadtteilnetz: move 80 hours (6,800 EUR) to Netzwerkstatt",
		body:  "Netzwerkstatt takes over hosting on the shared cluster; we move 80 hours of our own share to theirs.",
		votes: "anna:YES jonas:YES mehmet:YES lena:YES tobias:YES sofia:ABSTAIN"},
	{coop: "qt", kind: proposal.KindADMISSION, member: "priya", author: "anna", opened: d(2026, 10, 20), closes: d(2026, 11, 10), status: proposal.StatusOPEN,
		title: "Admit Priya Raman as a member",
		body:  "Priya's candidacy ended in August; the required milestones are verified and the buy-in is recorded.",
		votes: "anna:YES jonas:YES lena:YES"},
	{coop: "qt", kind: proposal.KindCOOP_VOTE, parent: solidarityFund, author: "anna", opened: d(2026, 10, 13), closes: d(2026, 10, 23), status: proposal.StatusPASSED,
		title: "Our vote: " + solidarityFund,
		body:  "Quelltext's one vote in the network decision. PASSED casts YES, REJECTED NO.",
		votes: "anna:YES jonas:YES mehmet:YES lena:YES tobias:YES sofia:ABSTAIN"},

	// Netzwerkstatt eG (TWO_THIRDS, quorum 50 %)
	{coop: "nw", kind: proposal.KindADMISSION, member: "marco", author: "clara", opened: d(2025, 9, 20), closes: d(2025, 10, 6), status: proposal.StatusREJECTED,
		title: "Admit Marco Rossi as a member",
		body:  "Marco's candidacy year is over; his milestones are verified.",
		votes: "julia:YES ahmad:NO clara:YES emre:NO felix:ABSTAIN",
		reasons: map[string]string{
			"ahmad": "Not yet: we have only worked on one project together. Let's try again next year.",
		}},
	{coop: "nw", kind: proposal.KindADMISSION, member: "hannah", author: "clara", opened: d(2026, 2, 15), closes: d(2026, 3, 1), status: proposal.StatusPASSED,
		title: "Admit Hannah Braun as a member",
		body:  "Hannah completed her candidacy year and all milestones.",
		votes: "julia:YES ahmad:YES clara:YES emre:ABSTAIN felix:YES"},
	{coop: "nw", kind: proposal.KindGENERAL, author: "julia", opened: d(2026, 4, 1), closes: d(2026, 4, 15), status: proposal.StatusPASSED,
		title: "Join CoTech and send two people to the UK gathering",
		body:  "International exchange with the UK network of tech coops; travel paid from the solidarity fund.",
		votes: "julia:YES ahmad:YES clara:YES emre:YES felix:NO hannah:ABSTAIN"},
	{coop: "nw", kind: proposal.KindCOOP_VOTE, parent: solidarityFund, author: "clara", opened: d(2026, 10, 14), closes: d(2026, 10, 28), status: proposal.StatusREJECTED,
		title: "Our vote: " + solidarityFund,
		body:  "Netzwerkstatt's one vote in the network decision. PASSED casts YES, REJECTED NO.",
		votes: "julia:YES ahmad:NO clara:NO emre:NO felix:YES hannah:ABSTAIN",
		reasons: map[string]string{
			"ahmad": "Yes to a fund, but 1 % of every budget is too much for small projects: let's ask for a cap.",
		}},
	{coop: "nw", kind: proposal.KindBUDGET, project: "klimadaten", author: "julia", opened: d(2026, 10, 25), closes: d(2026, 11, 8), status: proposal.StatusOPEN,
		title: "Klimadaten-Portal phase 2: raise the budget by 18,000 EUR",
		body:  "The client wants an API for schools; 225 more hours, mostly data pipeline work.",
		votes: "julia:YES ahmad:YES hannah:NO",
		reasons: map[string]string{
			"hannah": "Agree in principle, but the timeline collides with my holidays; let's plan it for spring.",
		}},
	{coop: "nw", kind: proposal.KindPROJECT_GENERAL, project: "klimadaten", electorate: proposal.ElectorateSHARE_HOLDERS,
		author: "julia", opened: d(2026, 10, 26), closes: d(2026, 11, 9), status: proposal.StatusOPEN,
		title: "Klimadaten-Portal: publish the station data under CC BY 4.0",
		body:  "The client agrees to an open licence. Everyone on the project decides: Netzwerkstatt and Quelltext one vote each, Yuki and Marco in person.",
		votes: "yuki:YES",
		reasons: map[string]string{
			"yuki": "Open data is why I joined this project.",
		}},

	// Hafenbits (SIMPLE_MAJORITY, quorum 50 %)
	{coop: "hb", kind: proposal.KindBUDGET, project: "lastenrad", author: "finn", opened: d(2025, 6, 1), closes: d(2025, 6, 8), status: proposal.StatusPASSED,
		title: "Lastenrad app: 30 hours (2,100 EUR) for Rasmus to set up hosting",
		body:  "We need a second admin for the launch; Rasmus offered to help.",
		votes: "finn:YES malte:YES leonie:ABSTAIN"},
	{coop: "hb", kind: proposal.KindADMISSION, member: "tomasz", author: "leonie", opened: d(2026, 3, 10), closes: d(2026, 3, 24), status: proposal.StatusPASSED,
		title: "Admit Tomasz Kowalski as a member",
		body:  "Tomasz has been with us since the Lastenrad project; candidacy and milestones done.",
		votes: "finn:YES malte:YES leonie:NO"},
	{coop: "hb", kind: proposal.KindGENERAL, author: "malte", opened: d(2026, 10, 28), closes: d(2026, 11, 11), status: proposal.StatusOPEN,
		title: "Rent a shared co-working space with the Hamburg city group",
		body:  "Four desks in Altona, shared with two other collectives; 600 EUR a month for our part.",
		votes: "finn:YES tomasz:YES"},

	// Rheinkollektiv (CONSENSUS, quorum 60 %)
	{coop: "rk", kind: proposal.KindBYLAWS, author: "sarah", opened: d(2026, 8, 3), closes: d(2026, 8, 24), status: proposal.StatusPASSED,
		title: "Our delegate casts our vote in the network",
		body:  "Network decisions come often; Sarah casts Rheinkollektiv's vote as our delegate and reports to the weekly meeting.",
		votes: "sarah:YES kevin:YES fatima:YES moritz:STAND_ASIDE",
		reasons: map[string]string{
			"moritz": "I would rather decide each vote together, but I will not stand in the way.",
		},
		bylaws: &bylawsSpec{networkVotes: coop.NetworkVotesDELEGATE, delegate: "sarah",
			text: "Bylaws of Rheinkollektiv. We decide by consensus of the members. Our vote in the Tech-Kollektiv-Netzwerk is cast by our delegate, who reports to the weekly meeting."}},
	{coop: "rk", kind: proposal.KindGENERAL, author: "sarah", opened: d(2026, 1, 10), closes: d(2026, 1, 24), status: proposal.StatusPASSED,
		title: "Adopt the network etiquette as part of our bylaws",
		body:  "The etiquette of the Tech-Kollektiv-Netzwerk becomes an annex to our bylaws.",
		votes: "sarah:YES kevin:YES fatima:YES moritz:YES"},
	{coop: "rk", kind: proposal.KindADMISSION, member: "elena", author: "sarah", opened: d(2026, 10, 15), closes: d(2026, 11, 15), status: proposal.StatusOPEN,
		title: "Admit Elena Popescu as a member",
		body:  "Elena's candidacy ended in September; milestones verified, buy-in recorded.",
		votes: "sarah:YES kevin:YES moritz:ABSTAIN"},
	{coop: "rk", kind: proposal.KindBUDGET, project: "buergerenergie", author: "kevin", opened: d(2026, 10, 22), closes: d(2026, 11, 12), status: proposal.StatusOPEN,
		title: "Accept the Bürgerenergie offer (45,000 EUR)",
		body:  "Start in January; Chris joins as a freelancer for the data migration."},
}

// networkProposalSpec is a decision of the network's member coops, one vote
// each. A coop's vote is the outcome of its closed COOP_VOTE proposal
// (proposalSpec.parent): PASSED casts YES, REJECTED NO, a missed quorum
// ABSTAIN.
type networkProposalSpec struct {
	kind           proposal.Kind
	title, body    string
	author         string // a member of a member coop
	opened, closes time.Time
	status         proposal.Status
}

const solidarityFund = "Solidarity fund: 1 % of every project budget"

var demoNetworkProposals = []networkProposalSpec{
	{kind: proposal.KindNETWORK_GENERAL, author: "julia", opened: d(2026, 10, 12), closes: d(2026, 11, 20), status: proposal.StatusOPEN,
		title: solidarityFund,
		body: "Every project of the network pays 1 % of its budget into a common fund that bridges gaps between projects " +
			"and pays for the yearly meeting. Each coop decides its vote inside the coop."},
}

// discussionSpec is the discussion of an open proposal (by title): comments
// with their replies, one level deep.
type discussionSpec struct {
	proposal string
	comments []commentSpec
}

type commentSpec struct {
	author  string
	at      time.Time
	body    string
	replies []commentSpec
}

var demoDiscussions = []discussionSpec{
	{proposal: solidarityFund, comments: []commentSpec{
		{author: "ahmad", at: d(2026, 10, 16).Add(10 * time.Hour),
			body: "We like the idea, but 1 % of every budget hurts small projects. Could we cap it at 500 EUR per project?",
			replies: []commentSpec{
				{author: "julia", at: d(2026, 10, 17).Add(9 * time.Hour), body: "A cap is fine with me. If this one fails, I will bring a version with a cap."},
				{author: "finn", at: d(2026, 10, 20).Add(19 * time.Hour), body: "Hafenbits would support a cap too. We decide our vote at the Thursday hack night."},
			}},
		{author: "nora", at: d(2026, 10, 21).Add(14 * time.Hour),
			body: "As a freelancer: would the fund also bridge freelancers' gaps between network projects?"},
	}},
}
