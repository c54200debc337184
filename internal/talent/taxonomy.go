package talent

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/hook"
	"github.com/coopnetwork/cockpit/ent/skill"
	"github.com/coopnetwork/cockpit/internal/authz"
)

// Every search resolves its requirements against the network's whole
// taxonomy. Reading and decoding hundreds of skills per request cost more
// CPU than the rest of a small search, so servers keep each network's
// taxonomy in memory, tagged with networks.taxonomy_version. Every change of
// a skill raises that version in the same transaction, after the change; a
// search compares the version of the network it was given (read before the
// skills) with the cached one, so a cache filled from a newer taxonomy than
// its tag is merely refreshed once more, and a stale one is never used.

// TaxonomyVersionHook raises the network's taxonomy version after any
// create, update or delete of its skills.
func TaxonomyVersionHook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.SkillFunc(func(ctx context.Context, m *ent.SkillMutation) (ent.Value, error) {
			sys := authz.Under(ctx, authz.KeepTaxonomyVersion)
			var networks []int
			if n, ok := m.NetworkID(); ok {
				networks = append(networks, n)
			}
			if !m.Op().Is(ent.OpCreate) {
				ids, err := m.IDs(sys)
				if err != nil {
					return nil, err
				}
				if len(ids) > 0 {
					ns, err := m.Client().Skill.Query().Where(skill.IDIn(ids...)).Select(skill.FieldNetworkID).Ints(sys)
					if err != nil {
						return nil, err
					}
					networks = append(networks, ns...)
				}
			}
			v, err := next.Mutate(ctx, m)
			if err != nil || len(networks) == 0 {
				return v, err
			}
			var res sql.Result
			if err := m.Client().Driver().Exec(sys, "UPDATE networks SET taxonomy_version = taxonomy_version + 1 WHERE id IN ("+idList(sortedDistinct(networks))+")", []any{}, &res); err != nil {
				return nil, fmt.Errorf("raising the taxonomy version: %w", err)
			}
			return v, nil
		})
	}
}

// TaxonomyCache keeps the taxonomies of recently searched networks. One
// cache belongs to one database (the GraphQL resolver holds it): IDs and
// versions mean nothing across databases.
type TaxonomyCache struct {
	mu      sync.Mutex
	entries map[int]cachedTaxonomy
}

type cachedTaxonomy struct {
	version int
	tax     *taxonomy
}

// maxCachedNetworks bounds the cache; a network has a few hundred
// skills, so this is a few MiB at most.
const maxCachedNetworks = 256

// NewTaxonomyCache returns an empty cache.
func NewTaxonomyCache() *TaxonomyCache { return &TaxonomyCache{entries: map[int]cachedTaxonomy{}} }

func (c *TaxonomyCache) get(network, version int) *taxonomy {
	if c == nil || version == 0 { // 0: read without the column (a GraphQL field selection)
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[network]; ok && e.version == version {
		return e.tax
	}
	return nil
}

func (c *TaxonomyCache) put(network, version int, t *taxonomy) {
	if c == nil || version == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[network]; ok && e.version > version {
		return // a concurrent search stored a newer one
	}
	if _, ok := c.entries[network]; !ok && len(c.entries) >= maxCachedNetworks {
		for k := range c.entries { // drop one at random
			delete(c.entries, k)
			break
		}
	}
	c.entries[network] = cachedTaxonomy{version: version, tax: t}
}
