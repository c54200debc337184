package rights_test

import (
	"slices"
	"testing"

	"github.com/coopnetwork/cockpit/ent/consent"
	"github.com/coopnetwork/cockpit/internal/rights"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

type pending struct {
	Kind            string
	Network         *struct{ ID string }
	Version         int
	AcceptedVersion *int
}

type consentRow struct {
	ID          string
	Kind        string
	NetworkID   *string
	Version     int
	WithdrawnAt *string
}

const viewerConsentsQ = `{ viewer { pendingConsents { kind network { id } version acceptedVersion } consents { id kind networkID version withdrawnAt } } }`

func viewerConsents(t *testing.T, c *testkit.Client) ([]pending, []consentRow) {
	t.Helper()
	var out struct {
		Viewer struct {
			PendingConsents []pending
			Consents        []consentRow
		}
	}
	gql(t, c, viewerConsentsQ, nil, &out)
	return out.Viewer.PendingConsents, out.Viewer.Consents
}

// A participant accepts the network's etiquette; a change of its text
// raises its version in the same write and asks again; the public-profile
// consent is given and withdrawn; only the person reads their consents.
func TestConsents(t *testing.T) {
	e := newEnv(t)
	nora := e.person(noraEmail)
	anna := e.person(annaEmail)
	asNora, asAnna := e.c.As(nora.ID), e.c.As(anna.ID)
	netID := testkit.ID(e.net.ID)

	// The demo network has an etiquette: it is pending for a participant.
	p, cs := viewerConsents(t, asNora)
	if len(p) != 1 || p[0].Kind != "NETWORK_ETIQUETTE" || p[0].Network == nil || p[0].Network.ID != netID || p[0].Version != 1 || p[0].AcceptedVersion != nil || len(cs) != 0 {
		t.Fatalf("pending before accepting: %+v, consents %+v", p, cs)
	}
	const acceptQ = `mutation($n: ID!) { acceptNetworkEtiquette(networkID: $n) { consent { id kind version networkID } } }`
	var acc struct {
		AcceptNetworkEtiquette struct{ Consent consentRow }
	}
	gql(t, asNora, acceptQ, map[string]any{"n": netID}, &acc)
	if c := acc.AcceptNetworkEtiquette.Consent; c.Kind != "NETWORK_ETIQUETTE" || c.Version != 1 || c.NetworkID == nil || *c.NetworkID != netID {
		t.Fatalf("accepted: %+v", c)
	}
	// Accepting again changes nothing.
	var again struct {
		AcceptNetworkEtiquette struct{ Consent consentRow }
	}
	gql(t, asNora, acceptQ, map[string]any{"n": netID}, &again)
	if again.AcceptNetworkEtiquette.Consent.ID != acc.AcceptNetworkEtiquette.Consent.ID {
		t.Errorf("accepting twice recorded two consents")
	}
	if p, cs = viewerConsents(t, asNora); len(p) != 0 || len(cs) != 1 {
		t.Fatalf("after accepting: pending %+v, consents %+v", p, cs)
	}

	// Saving the same text raises nothing; a new text raises the version.
	const updateQ = `mutation($n: ID!, $text: String!) { updateNetwork(id: $n, input: {etiquette: $text}) { network { id etiquetteVersion } } }`
	var upd struct {
		UpdateNetwork struct {
			Network struct{ EtiquetteVersion int }
		}
	}
	gql(t, asAnna, updateQ, map[string]any{"n": netID, "text": e.net.Etiquette}, &upd)
	if upd.UpdateNetwork.Network.EtiquetteVersion != 1 {
		t.Errorf("the same text raised the version to %d", upd.UpdateNetwork.Network.EtiquetteVersion)
	}
	gql(t, asAnna, updateQ, map[string]any{"n": netID, "text": e.net.Etiquette + "\nBe kind to newcomers."}, &upd)
	if upd.UpdateNetwork.Network.EtiquetteVersion != 2 {
		t.Fatalf("a new text: version %d, want 2", upd.UpdateNetwork.Network.EtiquetteVersion)
	}
	p, _ = viewerConsents(t, asNora)
	if len(p) != 1 || p[0].Version != 2 || p[0].AcceptedVersion == nil || *p[0].AcceptedVersion != 1 {
		t.Fatalf("pending after the change: %+v", p)
	}
	gql(t, asNora, acceptQ, map[string]any{"n": netID}, &acc)
	if acc.AcceptNetworkEtiquette.Consent.Version != 2 {
		t.Errorf("accepted version %d, want 2", acc.AcceptNetworkEtiquette.Consent.Version)
	}
	if p, cs = viewerConsents(t, asNora); len(p) != 0 || len(cs) != 2 {
		t.Errorf("after accepting version 2: pending %+v, consents %+v", p, cs)
	}

	// Public profile: given, given again (nothing new), withdrawn.
	const profileQ = `mutation($g: Boolean!) { setPublicProfileConsent(given: $g) { consent { id kind version withdrawnAt } } }`
	var prof struct {
		SetPublicProfileConsent struct{ Consent *consentRow }
	}
	gql(t, asNora, profileQ, map[string]any{"g": true}, &prof)
	given := prof.SetPublicProfileConsent.Consent
	if given == nil || given.Kind != "PUBLIC_PROFILE" || given.Version != rights.PublicProfileVersion || given.WithdrawnAt != nil {
		t.Fatalf("public profile given: %+v", given)
	}
	gql(t, asNora, profileQ, map[string]any{"g": true}, &prof)
	if prof.SetPublicProfileConsent.Consent.ID != given.ID {
		t.Errorf("giving twice recorded two consents")
	}
	gql(t, asNora, profileQ, map[string]any{"g": false}, &prof)
	if w := prof.SetPublicProfileConsent.Consent; w == nil || w.ID != given.ID || w.WithdrawnAt == nil {
		t.Errorf("withdrawn: %+v", w)
	}
	gql(t, asNora, profileQ, map[string]any{"g": false}, &prof)
	if prof.SetPublicProfileConsent.Consent != nil {
		t.Errorf("withdrawing nothing returned %+v", prof.SetPublicProfileConsent.Consent)
	}
	if n := testkit.Must(e.ec.Consent.Query().Where(consent.KindEQ(consent.KindPUBLIC_PROFILE), consent.PersonID(nora.ID)).Count(e.ctx))(t); n != 1 {
		t.Errorf("%d public-profile consents stored, want 1 (withdrawn, kept)", n)
	}

	// Only the person reads their consents: Anna sees none of Nora's (the
	// demo gave Anna a public-profile consent of her own).
	if _, cs := viewerConsents(t, asAnna); slices.ContainsFunc(cs, func(c consentRow) bool { return c.ID == given.ID }) {
		t.Errorf("Anna reads consents %+v", cs)
	}
	res := testkit.Must(asAnna.Post(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": given.ID}))(t)
	if len(res.Errors) == 0 {
		if string(res.Data) != `{"node":null}` {
			t.Errorf("Anna reads Nora's consent by node: %s", res.Data)
		}
	}

	// An outsider accepts no etiquette of a network they are not in.
	other := testkit.Must(e.ec.Network.Create().SetName("Other").SetSlug("other").SetEtiquette("Be nice.").Save(e.ctx))(t)
	before := testkit.RowCounts(t, e.db)
	res = testkit.Must(asNora.Post(acceptQ, map[string]any{"n": testkit.ID(other.ID)}))(t)
	testkit.OnlyError(t, res, "NOT_FOUND", "networkID")
	testkit.NothingWritten(t, before, testkit.RowCounts(t, e.db))
	res = testkit.Must(e.c.Post(acceptQ, map[string]any{"n": netID}))(t)
	testkit.OnlyError(t, res, "UNAUTHENTICATED", "")
}
