package governance

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/vote"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/domainop"
)

// Deadlines act by themselves: Cockpit closes a proposal whose closesAt has
// passed (CloseDue, run periodically by the server's deadline worker), and
// tells who may still vote (PendingVoters) so front ends can remind them.

// dueMargin widens the database's pre-selection of due proposals. SQLite
// compares times as text, in the offset they were written with (a closesAt
// given as 10:00+02:00 is stored as such), so the query takes everything
// closing within a day and the exact comparison happens here, in Go.
const dueMargin = 24 * time.Hour

// CloseDue closes every OPEN proposal whose closesAt has passed, with the
// close a member makes (close): the same count, outcome, effect (an
// admission moves the candidate, a budget motion settles) and live update
// (proposalChanged CLOSED), on Cockpit's own behalf under the rule
// authz.CloseProposalAtDeadline, in one transaction per proposal.
//
// Every replica may sweep at the same moment: each proposal is taken with a
// row lock that skips rows another transaction holds (on PostgreSQL …
// FOR NO KEY UPDATE SKIP LOCKED; SQLite runs writing transactions one at a
// time), so replicas neither wait for each other nor close a proposal
// twice, and a proposal a member is voting on or closing right now is left
// to them or to the next sweep. The conditional update in close would
// refuse a second close anyway; the lock saves the work.
//
// A proposal that fails to close is logged (its ID and the error) and stays
// OPEN for the next sweep; the others still close. CloseDue returns the
// proposals it closed; its error says only that the due proposals could not
// be listed, or that ctx ended.
func (svc *Service) CloseDue(ctx context.Context, client *ent.Client, logger *slog.Logger) ([]*Closed, error) {
	if logger == nil {
		logger = slog.Default()
	}
	now := svc.Env.Now()
	candidates, err := client.Proposal.Query().
		Where(proposal.StatusEQ(proposal.StatusOPEN), proposal.ClosesAtLTE(now.Add(dueMargin))).
		Order(ent.Asc(proposal.FieldClosesAt), ent.Asc(proposal.FieldID)).
		Select(proposal.FieldID, proposal.FieldClosesAt).All(authz.SystemRead(ctx))
	if err != nil {
		return nil, err
	}
	var closed []*Closed
	for _, c := range candidates {
		if now.Before(c.ClosesAt) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return closed, err
		}
		cl, err := svc.closeAtDeadline(ctx, client, c.ID)
		switch {
		case err != nil:
			logger.ErrorContext(ctx, "deadlines: closing a due proposal failed; it stays open for the next sweep",
				"proposal", c.ID, "code", string(apperr.CodeOf(err)), "error", err.Error())
		case cl != nil:
			closed = append(closed, cl)
			logger.InfoContext(ctx, "deadlines: closed a proposal at its deadline",
				"proposal", c.ID, "status", string(cl.Proposal.Status))
		}
	}
	return closed, nil
}

// closeAtDeadline closes one due proposal in its own transaction; nil
// without error when there is nothing to do (closed meanwhile, or held by
// another transaction: another replica's sweep, a member's vote or close).
func (svc *Service) closeAtDeadline(ctx context.Context, client *ent.Client, id int) (*Closed, error) {
	if svc.Env.Clock != nil {
		ctx = clock.NewContext(ctx, svc.Env.Clock) // for hooks (timestamps)
	}
	tx, err := client.Tx(ctx)
	if err != nil {
		return nil, err
	}
	ctx = ent.NewContext(ent.NewTxContext(ctx, tx), tx.Client())
	o := &op{svc.Env.System(ctx, tx.Client())}
	closed, err := func() (*Closed, error) {
		_, err := o.C.Proposal.Query().Where(proposal.ID(id), proposal.StatusEQ(proposal.StatusOPEN)).
			Unique(false).Modify(domainop.LockRowsSkipLocked).OnlyID(o.Sys)
		if ent.IsNotFound(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		p, err := o.C.Proposal.Get(o.Sys, id)
		if err != nil {
			return nil, err
		}
		if o.Now.Before(p.ClosesAt) {
			return nil, nil
		}
		return o.close(authz.CloseProposalAtDeadline, p)
	}()
	if err != nil || closed == nil {
		_ = tx.Rollback()
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return closed, nil
}

// PendingVoters lists who may vote on p now and has not voted, by name, so
// front ends can remind them. It is empty once voting has ended (the
// proposal is closed, or its closesAt has passed and the deadline worker
// has yet to close it), and for viewers who may not read the proposal's
// votes (authz.CanReadVotes: the coop's members; a candidate reading their
// own admission proposal sees no votes, so no voters either). Persons are
// read with the viewer's own privacy rules, so the list never shows
// someone the viewer could not read otherwise.
func (svc *Service) PendingVoters(ctx context.Context, client *ent.Client, p *ent.Proposal) ([]*ent.Person, error) {
	o := &op{svc.Env.Read(ctx, client)}
	if !o.readsVotes(p) {
		return []*ent.Person{}, nil
	}
	voters, err := o.electorate(p)
	if err != nil {
		return nil, err
	}
	voted, err := o.C.Vote.Query().Where(vote.ProposalID(p.ID), vote.VoterIDNotNil(), vote.VoterCoopIDIsNil()).
		Select(vote.FieldVoterID).Ints(o.Sys)
	if err != nil {
		return nil, err
	}
	for _, id := range voted {
		delete(voters, id)
	}
	if len(voters) == 0 {
		return []*ent.Person{}, nil
	}
	ids := make([]int, 0, len(voters))
	for id := range voters {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return o.C.Person.Query().Where(person.IDIn(ids...)).
		Order(ent.Asc(person.FieldName), ent.Asc(person.FieldID)).All(o.Ctx)
}

// readsVotes says whether the viewer, who reads p, reads its votes while
// they are still being cast: on a coop's own decision its members
// (authz.CanReadVotes), on a network or project decision everyone who
// reads it (authz.VoteReadable).
func (o *op) readsVotes(p *ent.Proposal) bool {
	if p.Status != proposal.StatusOPEN || !o.Now.Before(p.ClosesAt) {
		return false
	}
	return p.Electorate != proposal.ElectorateMEMBERS || authz.CanReadVotes(o.V, p.CoopID)
}

// PendingCoops lists the coops that vote on a network or project decision
// and have not cast their vote yet, by name, for those who read its votes
// (PendingVoters); empty for a coop's own decision and once voting ended.
func (svc *Service) PendingCoops(ctx context.Context, client *ent.Client, p *ent.Proposal) ([]*ent.Coop, error) {
	o := &op{svc.Env.Read(ctx, client)}
	if !o.readsVotes(p) {
		return []*ent.Coop{}, nil
	}
	coops, err := o.coopElectorate(p)
	if err != nil {
		return nil, err
	}
	voted, err := o.C.Vote.Query().Where(vote.ProposalID(p.ID), vote.VoterCoopIDNotNil()).
		Select(vote.FieldVoterCoopID).Ints(o.Sys)
	if err != nil {
		return nil, err
	}
	for _, id := range voted {
		delete(coops, id)
	}
	ids := make([]int, 0, len(coops))
	for id := range coops {
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return []*ent.Coop{}, nil
	}
	return o.C.Coop.Query().Where(coop.IDIn(ids...)).Order(ent.Asc(coop.FieldName), ent.Asc(coop.FieldID)).All(o.Ctx)
}
