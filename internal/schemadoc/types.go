package schemadoc

// typeDocs describes the entity types ent generates, for those without a
// schema.Comment annotation in ent/schema.
var typeDocs = map[string]string{
	"MilestoneTemplate": "A milestone of a coop's pathway to membership (e.g. a first project, a course), which candidates work through.",
	"NetworkCoop":       "A coop's membership of a network.",
}

// fieldDocs describes the fields entgql generates for which ent/schema has
// no place for a Comment(): the edges to the join rows of Through edges.
var fieldDocs = map[string]string{
	"Network.memberships":       "Persons' participation in the network, with their roles.",
	"Person.networkMemberships": "The person's participation in networks, with their roles.",
	"Person.personSkills":       "The person's skills with level, years of practice and endorsements.",
	"Skill.personSkills":        "Persons' records of this skill, with level and years of practice.",
}
