package profileexport

import (
	"context"
	"encoding/json"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/profileprojectlisting"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
)

// Service holds the profile export's operations.
type Service struct{ Env domainop.Env }

// SetProjectListed lists (listed) or unlists the project on the viewer's
// exported profile (ListProjectOnProfile). The project must be one the
// viewer reads (else NOT_FOUND on projectID) and worked on: holds a budget
// share of or logged time on (else FORBIDDEN). Listing a listed project or
// unlisting an unlisted one changes nothing. An unlisted listing is kept
// with withdrawnAt; listing again adds a new one.
func (svc *Service) SetProjectListed(ctx context.Context, projectID int, listed bool) (*ProfileProject, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := o.C.Project.Query().Where(project.ID(projectID)).OnlyID(o.Ctx); err != nil {
		if ent.IsNotFound(err) {
			return nil, &apperr.Error{Code: apperr.NotFound, Field: "projectID", Message: "projectID: not found"}
		}
		return nil, err
	}
	me := o.V.PersonID
	worked, err := o.C.BudgetShare.Query().Where(budgetshare.ProjectID(projectID), budgetshare.PersonID(me)).Exist(o.Ctx)
	if err != nil {
		return nil, err
	}
	if !worked {
		if worked, err = o.C.TimeEntry.Query().Where(timeentry.ProjectID(projectID), timeentry.PersonID(me)).Exist(o.Ctx); err != nil {
			return nil, err
		}
	}
	if err := authz.CanListProjectOnProfile(o.V, worked); err != nil {
		return nil, err
	}
	// The person's row orders concurrent changes of their listings: two
	// requests listing the same project leave one listing.
	if _, err := o.C.Person.Query().Where(person.ID(me)).Modify(domainop.LockRows).OnlyID(o.Sys); err != nil {
		return nil, err
	}
	w := o.As(authz.ListProjectOnProfile)
	held, err := o.C.ProfileProjectListing.Query().Where(profileprojectlisting.PersonID(me),
		profileprojectlisting.ProjectID(projectID), profileprojectlisting.WithdrawnAtIsNil()).Exist(o.Sys)
	if err != nil {
		return nil, err
	}
	switch {
	case listed && !held:
		if err := o.C.ProfileProjectListing.Create().SetPersonID(me).SetProjectID(projectID).SetListedAt(o.Now).Exec(w); err != nil {
			return nil, err
		}
	case !listed && held:
		if err := o.C.ProfileProjectListing.Update().Where(profileprojectlisting.PersonID(me),
			profileprojectlisting.ProjectID(projectID), profileprojectlisting.WithdrawnAtIsNil()).
			SetWithdrawnAt(o.Now).Exec(w); err != nil {
			return nil, err
		}
	}
	ps, err := projects(o.Ctx, o.C, me, projectID)
	if err != nil {
		return nil, err
	}
	if len(ps) != 1 {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "projectID", Message: "projectID: not found"}
	}
	return ps[0], nil
}

// ResumeJSON is the viewer's resume as a JSON Resume document, read with c
// under the viewer's context ctx.
func (svc *Service) ResumeJSON(ctx context.Context, c *ent.Client, includeEmail bool) (json.RawMessage, error) {
	r, err := svc.Resume(ctx, c, includeEmail)
	if err != nil {
		return nil, err
	}
	return JSON(r)
}

// Resume is the viewer's resume.
func (svc *Service) Resume(ctx context.Context, c *ent.Client, includeEmail bool) (*Resume, error) {
	in, err := Load(ctx, c, svc.Env.Now(), includeEmail)
	if err != nil {
		return nil, err
	}
	return Build(in), nil
}

// JSON encodes the resume as the document GET /profile/resume.json serves.
func JSON(r *Resume) ([]byte, error) { return json.MarshalIndent(r, "", "  ") }
