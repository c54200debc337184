// Command loadbench prepares and evaluates scripts/loadbench.sh's load test,
// which vegeta drives:
//
//	loadbench targets -url URL -tokens FILE [-talent FILE] > targets.jsonl
//	loadbench report -results results.jsonl -duration 30s
//
// targets asks the running Cockpit, as each token's person, for the IDs the
// workload needs and writes vegeta JSON targets, one operation per URL
// (/graphql?op=NAME; the query parameter only labels the request): the
// nested directory query, a pathway query, a logTime mutation (one minute
// on a distinct past day, so the 24-hours-a-day rule never refuses it) and,
// when the schema has it, talentSearch. Every operation gets the same number
// of targets, and vegeta sends them round robin.
//
// report reads `vegeta encode --to json` output and prints per operation:
// requests, requests/s, p50, p99, HTTP errors and GraphQL errors.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loadbench targets|report [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "targets":
		err = targets(os.Args[2:])
	case "report":
		err = report(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
}

// The workload's operations.
const (
	directoryQuery = `query Directory { networks(first: 5) { totalCount edges { node { name
  coops(first: 10) { totalCount edges { node { name city
    memberships(first: 10) { totalCount edges { node { state person { name city
      skills(first: 5) { edges { node { name } } } } } } } } } } } } } }`
	pathwayQuery = `query Pathway($m: ID!) { pathway(membershipID: $m) { state since
  history { fromState toState at reason }
  next { transition to allowed eligibleOn missing { kind message daysLeft } } } }`
	logTimeMutation = `mutation LogTime($share: ID!, $date: Time!) {
  logTime(input: {shareID: $share, date: $date, minutes: 1, note: "load benchmark"}) { timeEntry { id minutes } } }`
	discoveryQuery = `{ viewer { memberships { id state coop { id } } }
  projects(where: {status: ACTIVE}, first: 50) { edges { node { budgetShares(first: 50) { edges { node { id coop { id } } } } } } } }`
)

type target struct {
	Method string              `json:"method"`
	URL    string              `json:"url"`
	Body   []byte              `json:"body"`
	Header map[string][]string `json:"header"`
}

func targets(args []string) error {
	fs := flag.NewFlagSet("targets", flag.ExitOnError)
	base := fs.String("url", "http://127.0.0.1:8080", "Cockpit base URL")
	tokensFile := fs.String("tokens", "", "file with one bearer token per line")
	talentFile := fs.String("talent", "", "file with the talentSearch query (used when the schema has talentSearch)")
	perToken := fs.Int("days", 40, "targets per operation and token (logTime: one past day each)")
	_ = fs.Parse(args)
	raw, err := os.ReadFile(*tokensFile)
	if err != nil {
		return err
	}
	var tokens []string
	for _, l := range strings.Split(string(raw), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			tokens = append(tokens, l)
		}
	}
	if len(tokens) == 0 {
		return fmt.Errorf("no tokens in %s", *tokensFile)
	}

	talent := ""
	if has, err := schemaHas(*base, tokens[0], "Network", "talentSearch"); err != nil {
		return err
	} else if !has {
		fmt.Fprintln(os.Stderr, "loadbench: the schema has no talentSearch yet: that operation is skipped")
	} else if *talentFile != "" {
		b, err := os.ReadFile(*talentFile)
		if err != nil {
			return err
		}
		talent = string(b)
		if res, err := post(*base, tokens[0], talent, nil); err != nil || len(res.Errors) > 0 {
			fmt.Fprintf(os.Stderr, "loadbench: the talentSearch query in %s fails (%v %v): adjust it to the schema; skipped\n", *talentFile, err, res.Errors)
			talent = ""
		}
	}

	enc := json.NewEncoder(os.Stdout)
	emit := func(op, token, query string, vars map[string]any) error {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		return enc.Encode(target{Method: http.MethodPost, URL: *base + "/graphql?op=" + url.QueryEscape(op), Body: body,
			Header: map[string][]string{"Authorization": {"Bearer " + token}, "Content-Type": {"application/json"}}})
	}
	// Discover each person's IDs first, then emit the targets day by day
	// across persons: neighbouring targets (run at the same time by
	// vegeta's workers) belong to different people, as in real traffic,
	// and do not queue on one person's row lock.
	type person struct{ token, membership, share string }
	var persons []person
	for _, tok := range tokens {
		var d struct {
			Viewer struct {
				Memberships []struct {
					ID, State string
					Coop      struct{ ID string }
				}
			}
			Projects struct {
				Edges []struct {
					Node struct {
						BudgetShares struct {
							Edges []struct {
								Node struct {
									ID   string
									Coop *struct{ ID string }
								}
							}
						}
					}
				}
			}
		}
		res, err := post(*base, tok, discoveryQuery, nil)
		if err != nil {
			return err
		}
		if len(res.Errors) > 0 {
			return fmt.Errorf("discovery: %v", res.Errors)
		}
		if err := json.Unmarshal(res.Data, &d); err != nil {
			return err
		}
		memberOf := map[string]bool{}
		p := person{token: tok}
		for _, m := range d.Viewer.Memberships {
			if p.membership == "" {
				p.membership = m.ID
			}
			if m.State == "MEMBER" {
				memberOf[m.Coop.ID] = true
			}
		}
		for _, pr := range d.Projects.Edges {
			for _, s := range pr.Node.BudgetShares.Edges {
				if s.Node.Coop != nil && memberOf[s.Node.Coop.ID] && p.share == "" {
					p.share = s.Node.ID
				}
			}
		}
		if p.membership == "" || p.share == "" {
			fmt.Fprintln(os.Stderr, "loadbench: a token's person has no membership or no share to log time on; skipped")
			continue
		}
		persons = append(persons, p)
	}
	used := len(persons)
	today := time.Now().UTC().Truncate(24 * time.Hour)
	for i := range *perToken {
		// Days 30 to 30+perToken ago: inside the demo's active project.
		day := today.AddDate(0, 0, -30-i).Format(time.RFC3339)
		for _, p := range persons {
			for _, err := range []error{
				emit("directory", p.token, directoryQuery, nil),
				emit("pathway", p.token, pathwayQuery, map[string]any{"m": p.membership}),
				emit("logTime", p.token, logTimeMutation, map[string]any{"share": p.share, "date": day}),
			} {
				if err != nil {
					return err
				}
			}
			if talent != "" {
				if err := emit("talentSearch", p.token, talent, nil); err != nil {
					return err
				}
			}
		}
	}
	if used == 0 {
		return fmt.Errorf("no token could be used")
	}
	fmt.Fprintf(os.Stderr, "loadbench: targets for %d persons\n", used)
	return nil
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string `json:"message"`
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	} `json:"errors"`
}

func post(base, token, query string, vars map[string]any) (*gqlResponse, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	out := &gqlResponse{}
	raw, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(raw, out); err != nil {
		return nil, fmt.Errorf("HTTP %d: %s", res.StatusCode, raw)
	}
	return out, nil
}

func schemaHas(base, token, typ, field string) (bool, error) {
	res, err := post(base, token, `query($t: String!) { __type(name: $t) { fields { name } } }`, map[string]any{"t": typ})
	if err != nil {
		return false, err
	}
	var d struct {
		Type struct{ Fields []struct{ Name string } } `json:"__type"`
	}
	if err := json.Unmarshal(res.Data, &d); err != nil {
		return false, err
	}
	for _, f := range d.Type.Fields {
		if f.Name == field {
			return true, nil
		}
	}
	return false, nil
}

// result is one line of `vegeta encode --to json`.
type result struct {
	Code      int       `json:"code"`
	Timestamp time.Time `json:"timestamp"`
	Latency   int64     `json:"latency"` // nanoseconds
	Error     string    `json:"error"`
	Body      []byte    `json:"body"`
	URL       string    `json:"url"`
}

func report(args []string) error {
	fs := flag.NewFlagSet("report", flag.ExitOnError)
	in := fs.String("results", "", "vegeta encode --to json output")
	_ = fs.Parse(args)
	f, err := os.Open(*in)
	if err != nil {
		return err
	}
	defer f.Close()
	type stats struct {
		lat             []time.Duration
		httpErr, gqlErr int
		first, last     time.Time
		codes           map[string]int
		sampleErr       string
	}
	ops := map[string]*stats{}
	all := &stats{codes: map[string]int{}}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return err
		}
		u, _ := url.Parse(r.URL)
		op := u.Query().Get("op")
		s := ops[op]
		if s == nil {
			s = &stats{codes: map[string]int{}}
			ops[op] = s
		}
		end := r.Timestamp.Add(time.Duration(r.Latency))
		for _, s := range []*stats{s, all} {
			s.lat = append(s.lat, time.Duration(r.Latency))
			if s.first.IsZero() || r.Timestamp.Before(s.first) {
				s.first = r.Timestamp
			}
			if end.After(s.last) {
				s.last = end
			}
			switch {
			case r.Code != http.StatusOK:
				s.httpErr++
				s.codes[fmt.Sprintf("HTTP %d %s", r.Code, r.Error)]++
			default:
				var g gqlResponse
				if json.Unmarshal(r.Body, &g) != nil || len(g.Errors) > 0 {
					s.gqlErr++
					if len(g.Errors) > 0 {
						s.codes[g.Errors[0].Extensions.Code]++
						if s.sampleErr == "" {
							s.sampleErr = g.Errors[0].Message
						}
					}
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(all.lat) == 0 {
		return fmt.Errorf("no results in %s", *in)
	}
	span := all.last.Sub(all.first).Seconds()
	pct := func(l []time.Duration, p float64) time.Duration {
		slices.Sort(l)
		return l[min(len(l)-1, int(float64(len(l))*p))]
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
	fmt.Printf("%-14s %9s %8s %9s %9s %9s %11s %10s\n", "operation", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "HTTP errors", "GQL errors")
	names := make([]string, 0, len(ops))
	for n := range ops {
		names = append(names, n)
	}
	slices.Sort(names)
	line := func(name string, s *stats) {
		fmt.Printf("%-14s %9d %8.1f %9s %9s %9s %11d %10d\n", name, len(s.lat), float64(len(s.lat))/span,
			ms(pct(s.lat, 0.50)), ms(pct(s.lat, 0.99)), ms(pct(s.lat, 1)), s.httpErr, s.gqlErr)
	}
	for _, n := range names {
		line(n, ops[n])
	}
	line("all", all)
	for _, n := range names {
		if s := ops[n]; len(s.codes) > 0 {
			fmt.Printf("%s errors: %v (first: %s)\n", n, s.codes, s.sampleErr)
		}
	}
	return nil
}
