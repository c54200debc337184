package budgets

import "github.com/coopnetwork/cockpit/internal/domainop"

// Service carries out the budget, time and surplus operations. Build it once with its
// dependencies; each call runs in the request's transaction as its viewer
// (domainop.Env.Begin).
type Service struct{ Env domainop.Env }
