package server_test

import (
	"testing"

	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

func TestCreateAndReadNetwork(t *testing.T) {
	c := testkit.NewServer(t, testkit.NewDB(t, store.Options{}))
	var created struct {
		CreateNetwork struct{ Network struct{ ID, Name, Slug string } }
	}
	c.MustDo(`mutation { createNetwork(input: {name: "IT-Kollektiv", slug: "it-kollektiv"}) { network { id name slug } } }`, nil, &created)
	var got struct {
		Node     struct{ Name string }
		Networks struct{ TotalCount int }
	}
	c.MustDo(`query($id: ID!) { node(id: $id) { ... on Network { name } } networks { totalCount } }`,
		map[string]any{"id": created.CreateNetwork.Network.ID}, &got)
	if got.Node.Name != "IT-Kollektiv" || got.Networks.TotalCount != 1 {
		t.Fatalf("got %+v", got)
	}
	res := c.Do(`mutation { createNetwork(input: {name: "Again", slug: "it-kollektiv"}) { network { id } } }`, nil)
	if codes := res.Codes(); len(codes) != 1 || codes[0] != "CONFLICT" {
		t.Fatalf("duplicate slug: got %+v", res.Errors)
	}
	t.Logf("%+v", res.Errors)
}
