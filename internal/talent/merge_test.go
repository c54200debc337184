package talent_test

import (
	"slices"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/endorsement"
	"github.com/coopnetwork/cockpit/ent/personskill"
	"github.com/coopnetwork/cockpit/ent/projectskillneed"
	"github.com/coopnetwork/cockpit/ent/skill"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

const mergeMutation = `mutation($from: ID!, $into: ID!) { mergeSkills(fromID: $from, intoID: $into) { skill { name aliases parent { name } } } }`

func TestMergeSkills(t *testing.T) {
	w := newWorld(t)
	// "Kube" duplicates Kubernetes: Anna has both (lower level there, a later
	// last use, one endorser in common and one more), Olga-free Carla only Kube.
	kube := w.skill("Kube", nil, "kubectl")
	helm := w.skill("Helm Charts", kube)
	lastUsed := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	annaKube := testkit.Must(w.ec.PersonSkill.Create().SetPerson(w.anna).SetSkill(kube).SetLevel(3).SetYears(9).
		SetWantsToLearn(true).SetLastUsed(lastUsed).Save(w.ctx))(t)
	annaK8s := testkit.Must(w.ec.PersonSkill.Query().Where(personskill.PersonID(w.anna.ID), personskill.SkillID(w.kubernetes.ID)).Only(w.ctx))(t)
	testkit.Must(w.ec.PersonSkill.UpdateOne(annaK8s).SetEndorsementCount(0).Save(w.ctx))(t)
	carlaKube := w.has(w.carla, kube, 2, false)
	for _, e := range []struct {
		ps      *ent.PersonSkill
		endorse *ent.Person
	}{{annaKube, w.pia}, {annaKube, w.ben}, {annaK8s, w.pia}, {carlaKube, w.viewer}} {
		w.as(e.endorse).MustDo(endorseMutation, map[string]any{"ps": testkit.ID(e.ps.ID)}, nil)
	}
	project := testkit.Must(w.ec.Project.Create().SetLeadCoop(w.c1).SetName("P").SetClientName("C").SetTotalBudgetCents(1).Save(w.ctx))(t)
	kubeNeed := testkit.Must(w.ec.ProjectSkillNeed.Create().SetProject(project).SetSkill(kube).SetMinLevel(4).SetHoursPerWeek(10).SetHeadcount(2).Save(w.ctx))(t)
	testkit.Must(w.ec.ProjectSkillNeed.Create().SetProject(project).SetSkill(w.kubernetes).SetMinLevel(3).SetHoursPerWeek(20).Save(w.ctx))(t)
	project2 := testkit.Must(w.ec.Project.Create().SetLeadCoop(w.c1).SetName("P2").SetClientName("C").SetTotalBudgetCents(1).Save(w.ctx))(t)
	onlyKube := testkit.Must(w.ec.ProjectSkillNeed.Create().SetProject(project2).SetSkill(kube).Save(w.ctx))(t)

	vars := map[string]any{"from": testkit.ID(kube.ID), "into": testkit.ID(w.kubernetes.ID)}
	t.Run("refused", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			as   *ent.Person
			vars map[string]any
			code string
		}{
			{"not an admin", w.anna, vars, "FORBIDDEN"},
			{"outsider", w.olga, vars, "NOT_FOUND"},
			{"into itself", w.viewer, map[string]any{"from": testkit.ID(kube.ID), "into": testkit.ID(kube.ID)}, "BAD_USER_INPUT"},
		} {
			if got := w.as(tc.as).Do(mergeMutation, tc.vars).Codes(); !slices.Equal(got, []string{tc.code}) {
				t.Errorf("%s: codes %v, want %s", tc.name, got, tc.code)
			}
		}
		if !testkit.Must(w.ec.Skill.Query().Where(skill.ID(kube.ID)).Exist(w.ctx))(t) {
			t.Fatal("a refused merge deleted the skill")
		}
	})

	var out struct {
		MergeSkills struct {
			Skill struct {
				Name    string
				Aliases []string
				Parent  *struct{ Name string }
			}
		}
	}
	w.as(w.viewer).MustDo(mergeMutation, vars, &out)
	got := out.MergeSkills.Skill
	if got.Name != "Kubernetes" || !slices.Equal(got.Aliases, []string{"k8s", "Kube", "kubectl"}) || got.Parent == nil || got.Parent.Name != "Container Orchestration" {
		t.Errorf("merged skill: %+v", got)
	}

	t.Run("from is gone", func(t *testing.T) {
		if testkit.Must(w.ec.Skill.Query().Where(skill.ID(kube.ID)).Exist(w.ctx))(t) {
			t.Error("from still exists")
		}
		res := w.as(w.viewer).Do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": testkit.ID(kube.ID)})
		if !slices.Equal(res.Codes(), []string{"NOT_FOUND"}) {
			t.Errorf("node(from): %v", res.Codes())
		}
	})
	t.Run("a person with both keeps the best of each, and all endorsers", func(t *testing.T) {
		pss := testkit.Must(w.ec.PersonSkill.Query().Where(personskill.PersonID(w.anna.ID), personskill.SkillIDIn(kube.ID, w.kubernetes.ID)).All(w.ctx))(t)
		if len(pss) != 1 || pss[0].ID != annaK8s.ID {
			t.Fatalf("Anna's person skills: %+v", pss)
		}
		ps := pss[0]
		if ps.Level != 4 || ps.Years != 9 || !ps.WantsToLearn || ps.LastUsed == nil || !ps.LastUsed.Equal(lastUsed) || ps.EndorsementCount != 2 {
			t.Errorf("merged person skill: level %d years %d wants %v last used %v endorsements %d", ps.Level, ps.Years, ps.WantsToLearn, ps.LastUsed, ps.EndorsementCount)
		}
		endorsers := testkit.Must(w.ec.Endorsement.Query().Where(endorsement.PersonSkillID(ps.ID)).Select(endorsement.FieldEndorserID).Ints(w.ctx))(t)
		slices.Sort(endorsers)
		if want := []int{w.ben.ID, w.pia.ID}; !slices.Equal(endorsers, sortedInts(want)) {
			t.Errorf("endorsers %v, want %v", endorsers, want)
		}
	})
	t.Run("a person with only from keeps their person skill, moved", func(t *testing.T) {
		ps := testkit.Must(w.ec.PersonSkill.Get(w.ctx, carlaKube.ID))(t)
		if ps.SkillID != w.kubernetes.ID || ps.Level != 2 || ps.EndorsementCount != 1 {
			t.Errorf("Carla's person skill: %+v", ps)
		}
	})
	t.Run("project needs move, keeping the higher demand", func(t *testing.T) {
		needs := testkit.Must(w.ec.ProjectSkillNeed.Query().Where(projectskillneed.ProjectID(project.ID)).All(w.ctx))(t)
		if len(needs) != 1 || needs[0].SkillID != w.kubernetes.ID || needs[0].MinLevel != 4 || needs[0].HoursPerWeek != 20 || needs[0].Headcount != 2 {
			t.Errorf("needs of the project with both: %+v", needs)
		}
		if n := testkit.Must(w.ec.ProjectSkillNeed.Get(w.ctx, onlyKube.ID))(t); n.SkillID != w.kubernetes.ID {
			t.Errorf("need moved to %d", n.SkillID)
		}
		if testkit.Must(w.ec.ProjectSkillNeed.Query().Where(projectskillneed.ID(kubeNeed.ID)).Exist(w.ctx))(t) {
			t.Error("the duplicate need remains")
		}
	})
	t.Run("children move", func(t *testing.T) {
		if h := testkit.Must(w.ec.Skill.Get(w.ctx, helm.ID))(t); h.ParentID == nil || *h.ParentID != w.kubernetes.ID {
			t.Errorf("Helm Charts under %v", h.ParentID)
		}
	})
	t.Run("the old names find the merged skill", func(t *testing.T) {
		w.t = t
		p := w.search(w.as(w.viewer), reqs(req("KUBE", 2)), 20, nil)
		equal(t, "found by the old name", p.names(), []string{"Ben", "Anna", "Carla"})
		if p.Requirements[0].Skill.Name != "Kubernetes" {
			t.Errorf("resolved to %s", p.Requirements[0].Skill.Name)
		}
	})
}

// TestMergeIntoDescendant: merging a skill into one of its own descendants
// keeps the taxonomy a tree.
func TestMergeIntoDescendant(t *testing.T) {
	w := newWorld(t)
	// Databases > PostgreSQL; merge Databases into PostgreSQL: MariaDB moves
	// under PostgreSQL, which takes Databases' place (a root).
	w.as(w.viewer).MustDo(mergeMutation, map[string]any{"from": testkit.ID(w.databases.ID), "into": testkit.ID(w.postgres.ID)}, nil)
	pg := testkit.Must(w.ec.Skill.Get(w.ctx, w.postgres.ID))(t)
	maria := testkit.Must(w.ec.Skill.Get(w.ctx, w.mariadb.ID))(t)
	if pg.ParentID != nil || maria.ParentID == nil || *maria.ParentID != pg.ID {
		t.Errorf("PostgreSQL under %v, MariaDB under %v", pg.ParentID, maria.ParentID)
	}
	// Dana's Databases (2, wants to learn) is now PostgreSQL.
	ps := testkit.Must(w.ec.PersonSkill.Query().Where(personskill.PersonID(w.dana.ID), personskill.SkillID(pg.ID)).Only(w.ctx))(t)
	if ps.Level != 2 || !ps.WantsToLearn {
		t.Errorf("Dana's skill: %+v", ps)
	}
}

func TestSkillNamesStayDistinct(t *testing.T) {
	w := newWorld(t)
	admin := w.as(w.viewer)
	create := `mutation($in: CreateSkillInput!) { createSkill(input: $in) { skill { name aliases } } }`
	update := `mutation($id: ID!, $in: UpdateSkillInput!) { updateSkill(id: $id, input: $in) { skill { name aliases } } }`
	cases := []struct {
		name  string
		query string
		vars  map[string]any
		code  string
		field string
	}{
		{"alias repeats another skill's name", create, map[string]any{"in": map[string]any{"networkID": testkit.ID(w.net.ID), "name": "Kubernetes Operators", "competenceArea": "Tech", "aliases": []string{"KUBERNETES"}}}, "CONFLICT", "aliases"},
		{"alias repeats another skill's alias", create, map[string]any{"in": map[string]any{"networkID": testkit.ID(w.net.ID), "name": "Kubernetes Operators", "competenceArea": "Tech", "aliases": []string{" K8s "}}}, "CONFLICT", "aliases"},
		{"name repeats another skill's alias", create, map[string]any{"in": map[string]any{"networkID": testkit.ID(w.net.ID), "name": "Golang", "competenceArea": "Tech"}}, "CONFLICT", "name"},
		{"name repeats another name in other case", create, map[string]any{"in": map[string]any{"networkID": testkit.ID(w.net.ID), "name": "mariadb", "competenceArea": "Tech"}}, "CONFLICT", "slug"},
		{"rename to another skill's alias", update, map[string]any{"id": testkit.ID(w.mariadb.ID), "in": map[string]any{"name": "psql"}}, "CONFLICT", "name"},
		{"append another skill's alias", update, map[string]any{"id": testkit.ID(w.mariadb.ID), "in": map[string]any{"appendAliases": []string{"postgres"}}}, "CONFLICT", "aliases"},
		{"empty alias", update, map[string]any{"id": testkit.ID(w.mariadb.ID), "in": map[string]any{"aliases": []string{"  "}}}, "BAD_USER_INPUT", "aliases"},
		{"a fresh alias is fine", update, map[string]any{"id": testkit.ID(w.mariadb.ID), "in": map[string]any{"appendAliases": []string{"MySQL"}}}, "", ""},
		{"repeating its own name is harmless", update, map[string]any{"id": testkit.ID(w.mariadb.ID), "in": map[string]any{"appendAliases": []string{"mariadb"}}}, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := admin.Do(tc.query, tc.vars)
			if tc.code == "" {
				if len(res.Errors) > 0 {
					t.Fatalf("errors: %+v", res.Errors)
				}
				return
			}
			if len(res.Errors) != 1 || res.Errors[0].Code() != tc.code || res.Errors[0].Extensions["field"] != tc.field {
				t.Errorf("want %s on %s, got %+v", tc.code, tc.field, res.Errors)
			}
		})
	}
	t.Run("found by the new alias", func(t *testing.T) {
		w.t = t
		p := w.search(admin, reqs(req("mysql", 1)), 20, nil)
		if p.Requirements[0].Skill.Name != "MariaDB" {
			t.Errorf("mysql resolves to %s", p.Requirements[0].Skill.Name)
		}
	})
}

func sortedInts(v []int) []int {
	out := slices.Clone(v)
	slices.Sort(out)
	return out
}
