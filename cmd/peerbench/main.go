// Command peerbench drives scripts/peerbench.sh's side-by-side measurement of
// Cockpit and PostGraphile v4 on the same PostgreSQL database:
//
//	peerbench freeport                 prints a free loopback TCP port
//	peerbench run -cockpit URL -token JWT -postgraphile URL -queries DIR ...
//
// run asks each contender once per query shape and compares the answers:
// the rows at each nesting level (objects with an id), the totalCount sums
// at each level, and the text values (names, states; ids differ in form).
// Then it loads both with the same number of closed-loop clients, the
// contenders interleaved (A, B, A, B, ... one round of -round each), and
// prints per shape requests/s, p50 and p99 for each contender and the
// ratio Cockpit/PostGraphile, with the machine's load average.
//
// Every answer under load must be HTTP 200 without "errors" and exactly as
// long as the reference answer (the data does not change during the run):
// otherwise it counts as an error. With -strict the command exits 1 if a
// contender answered an error or the row counts differ; without it, it only
// reports them (the measurement itself never fails).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coopnetwork/cockpit/internal/gid"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: peerbench freeport|run [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "freeport":
		err = freeport()
	case "run":
		err = run(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "peerbench:", err)
		os.Exit(1)
	}
}

func freeport() error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer l.Close()
	fmt.Println(l.Addr().(*net.TCPAddr).Port)
	return nil
}

// contender is one server under test with its request bodies per shape.
type contender struct {
	name   string
	url    string
	token  string
	pid    int
	bodies map[string][]byte // shape -> request body
	refLen map[string]int    // shape -> length of the reference answer
}

type shape struct{ key, title string }

var shapes = []shape{
	{"directory", "directory: networks -> coops -> memberships -> person -> skills, totalCount at each level"},
	{"node", "node(id:) with two nested connections (a coop's memberships and led projects)"},
}

func run(args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	cockpitURL := fs.String("cockpit", "", "Cockpit base URL")
	token := fs.String("token", "", "Cockpit bearer token (a network admin)")
	pgURL := fs.String("postgraphile", "", "PostGraphile base URL")
	queries := fs.String("queries", "scripts/peerbench", "directory with {cockpit,postgraphile}-{directory,node}.graphql")
	slug := fs.String("slug", "tech-kollektiv-netzwerk", "the admin's network (PostGraphile's condition)")
	clients := fs.Int("clients", 32, "concurrent clients")
	rounds := fs.Int("rounds", 3, "rounds per contender and shape")
	round := fs.Duration("round", 5*time.Second, "length of a round")
	warmup := fs.Duration("warmup", 2*time.Second, "unmeasured warm-up per contender and shape")
	strict := fs.Bool("strict", false, "exit 1 if a contender answers errors or different row counts")
	cockpitPID := fs.Int("cockpit-pid", 0, "Cockpit's process id (for its memory)")
	pgPID := fs.Int("postgraphile-pid", 0, "PostGraphile's process id (for its memory)")
	_ = fs.Parse(args)

	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
		MaxIdleConns: *clients * 2, MaxIdleConnsPerHost: *clients * 2, IdleConnTimeout: time.Minute}}
	ck := &contender{name: "Cockpit", url: *cockpitURL + "/graphql", token: *token, pid: *cockpitPID,
		bodies: map[string][]byte{}, refLen: map[string]int{}}
	pg := &contender{name: "PostGraphile", url: *pgURL + "/graphql", pid: *pgPID,
		bodies: map[string][]byte{}, refLen: map[string]int{}}

	// The admin's coop: the first coop the token's person is a member of.
	var v struct {
		Viewer struct {
			Memberships []struct {
				State string
				Coop  struct{ ID string }
			}
		}
	}
	if err := ask(client, ck, body(`{ viewer { memberships { state coop { id } } } }`, nil), &v); err != nil {
		return fmt.Errorf("cockpit viewer: %w", err)
	}
	coopGID := ""
	for _, m := range v.Viewer.Memberships {
		if m.State == "MEMBER" {
			coopGID = m.Coop.ID
			break
		}
	}
	if coopGID == "" {
		return fmt.Errorf("the token's person is no member of a coop")
	}
	coopID, err := gid.Decode(coopGID)
	if err != nil {
		return err
	}
	var c struct{ CoopByID struct{ NodeID string } }
	if err := ask(client, pg, body(`query($id: BigInt!) { coopById(id: $id) { nodeId } }`, map[string]any{"id": fmt.Sprint(coopID)}), &c); err != nil {
		return fmt.Errorf("postgraphile coopById: %w", err)
	}
	vars := map[string]map[string]map[string]any{
		"Cockpit":      {"directory": nil, "node": {"id": coopGID}},
		"PostGraphile": {"directory": {"slug": *slug, "coop": fmt.Sprint(coopID)}, "node": {"id": c.CoopByID.NodeID}},
	}
	for _, ct := range []*contender{ck, pg} {
		for _, s := range shapes {
			q, err := os.ReadFile(filepath.Join(*queries, strings.ToLower(ct.name)+"-"+s.key+".graphql"))
			if err != nil {
				return err
			}
			ct.bodies[s.key] = body(string(q), vars[ct.name][s.key])
		}
	}

	// Compare the answers once before the load.
	failed := false
	fmt.Printf("peerbench: same answers? (rows = objects with an id, per nesting level)\n")
	for _, s := range shapes {
		var sig [2]signature
		for i, ct := range []*contender{ck, pg} {
			raw, err := fetch(client, ct, ct.bodies[s.key])
			if err != nil {
				return fmt.Errorf("%s %s: %w", ct.name, s.key, err)
			}
			ct.refLen[s.key] = len(raw)
			var doc struct {
				Data   any
				Errors []any
			}
			if err := json.Unmarshal(raw, &doc); err != nil {
				return fmt.Errorf("%s %s: %w", ct.name, s.key, err)
			}
			if len(doc.Errors) > 0 || doc.Data == nil {
				fmt.Printf("  %-10s %-12s ERROR %s\n", s.key, ct.name, raw)
				failed = true
				continue
			}
			sig[i].walk(doc.Data, 0)
			fmt.Printf("  %-10s %-12s rows %v, totalCount %v\n", s.key, ct.name, sig[i].rows, sig[i].totals)
		}
		switch {
		case !slices.Equal(sig[0].rows, sig[1].rows) || !slices.Equal(sig[0].totals, sig[1].totals):
			fmt.Printf("  %-10s DIFFERENT row counts\n", s.key)
			failed = true
		case len(sig[0].rows) == 0:
			fmt.Printf("  %-10s no rows\n", s.key)
			failed = true
		case !slices.Equal(sig[0].sorted(), sig[1].sorted()):
			a, b := sig[0].sorted(), sig[1].sorted()
			n := 0
			for i := range min(len(a), len(b)) {
				if a[i] != b[i] {
					n++
				}
			}
			fmt.Printf("  %-10s same row counts, but %d of %d objects' values differ\n", s.key, n, len(a))
		default:
			fmt.Printf("  %-10s same rows and values\n", s.key)
		}
	}
	if failed && *strict {
		return fmt.Errorf("the contenders' answers are wrong or differ")
	}

	fmt.Printf("\npeerbench: %d concurrent clients, rounds: %d of %s per contender and shape (after %s warm-up), contenders interleaved\n",
		*clients, *rounds, *round, *warmup)
	for _, s := range shapes {
		res := map[string]*result{ck.name: {}, pg.name: {}}
		load1 := loadavg()
		for _, ct := range []*contender{ck, pg} {
			load(client, ct, s.key, *clients, *warmup, &result{})
		}
		for range *rounds {
			for _, ct := range []*contender{ck, pg} {
				load(client, ct, s.key, *clients, *round, res[ct.name])
			}
		}
		load2 := loadavg()
		fmt.Printf("\nshape %s\n", s.title)
		fmt.Printf("  %-13s %9s %17s %9s %9s %8s %8s\n", "contender", "req/s", "(rounds)", "p50", "p99", "errors", "RSS")
		for _, ct := range []*contender{ck, pg} {
			r := res[ct.name]
			fmt.Printf("  %-13s %9.1f %17s %9s %9s %8d %8s\n", ct.name, r.rate(), r.roundRange(), ms(r.pct(50)), ms(r.pct(99)), r.errors, rss(ct.pid))
			if r.errors > 0 {
				fmt.Printf("  %s: first error: %s\n", ct.name, r.firstErr)
				failed = true
			}
		}
		a, b := res[ck.name], res[pg.name]
		fmt.Printf("  Cockpit/PostGraphile: throughput %.2fx, p50 %.2fx, p99 %.2fx\n",
			a.rate()/b.rate(), float64(a.pct(50))/float64(b.pct(50)), float64(a.pct(99))/float64(b.pct(99)))
		fmt.Printf("  load average (1/5/15 min): %s before, %s after\n", load1, load2)
	}
	fmt.Printf("\nmachine: %d cores shared by PostgreSQL, both contenders and the clients\n", runtime.NumCPU())
	if failed && *strict {
		return fmt.Errorf("a contender answered errors")
	}
	return nil
}

// signature of an answer: per nesting level (the number of enclosing
// objects with an id), the rows (objects with an id), the sum of the
// totalCounts, and each object's text values but ids (sorted: the dialects
// order sibling fields differently, and the order of rows is not compared).
type signature struct {
	rows, totals []int
	texts        []string
}

func (s *signature) walk(v any, level int) {
	grow := func(xs *[]int, n int) {
		for len(*xs) <= n {
			*xs = append(*xs, 0)
		}
	}
	switch v := v.(type) {
	case map[string]any:
		next := level
		if _, ok := v["id"]; ok {
			grow(&s.rows, level)
			s.rows[level]++
			next = level + 1
		}
		if tc, ok := v["totalCount"].(float64); ok {
			grow(&s.totals, level)
			s.totals[level] += int(tc)
		}
		var own []string
		for k, x := range v {
			switch x := x.(type) {
			case string:
				if k != "id" {
					own = append(own, k+"="+x)
				}
			case map[string]any, []any:
				s.walk(x, next)
			}
		}
		if len(own) > 0 {
			slices.Sort(own) // both dialects name text fields alike (name, city, state, status)
			s.texts = append(s.texts, fmt.Sprintf("%d %s", level, strings.Join(own, " ")))
		}
	case []any:
		for _, x := range v {
			s.walk(x, level)
		}
	}
}

func (s *signature) sorted() []string {
	t := slices.Clone(s.texts)
	slices.Sort(t)
	return t
}

type result struct {
	mu       sync.Mutex
	lat      []time.Duration
	elapsed  time.Duration
	rounds   []float64
	errors   int
	firstErr string
}

func (r *result) rate() float64 {
	if r.elapsed == 0 {
		return 0
	}
	return float64(len(r.lat)) / r.elapsed.Seconds()
}

func (r *result) roundRange() string {
	if len(r.rounds) == 0 {
		return "-"
	}
	return fmt.Sprintf("(%.0f-%.0f)", slices.Min(r.rounds), slices.Max(r.rounds))
}

func (r *result) pct(p int) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	s := slices.Clone(r.lat)
	slices.Sort(s)
	i := (len(s)*p+99)/100 - 1
	return s[max(i, 0)]
}

// load runs clients closed-loop clients against one contender for d.
func load(client *http.Client, ct *contender, shape string, clients int, d time.Duration, r *result) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	b := ct.bodies[shape]
	want := ct.refLen[shape]
	var n atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			errs, first := 0, ""
			for ctx.Err() == nil {
				t := time.Now()
				raw, err := fetch(client, ct, b)
				el := time.Since(t)
				if ctx.Err() != nil && err != nil {
					break // cut off at the end of the round
				}
				switch {
				case err != nil:
					errs++
					first = cmp(first, err.Error())
				case len(raw) != want || bytes.Contains(raw, []byte(`"errors"`)):
					errs++
					first = cmp(first, fmt.Sprintf("answer of %d bytes, not %d: %.300s", len(raw), want, raw))
				}
				lat = append(lat, el)
			}
			n.Add(int64(len(lat)))
			r.mu.Lock()
			r.lat = append(r.lat, lat...)
			r.errors += errs
			r.firstErr = cmp(r.firstErr, first)
			r.mu.Unlock()
		}()
	}
	wg.Wait()
	el := time.Since(start)
	r.elapsed += el
	r.rounds = append(r.rounds, float64(n.Load())/el.Seconds())
}

func cmp(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func body(query string, vars map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return b
}

// fetch posts one request and returns the body of a 200 answer.
func fetch(client *http.Client, ct *contender, b []byte) ([]byte, error) {
	req, err := http.NewRequest(http.MethodPost, ct.url, bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if ct.token != "" {
		req.Header.Set("Authorization", "Bearer "+ct.token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d: %.300s", resp.StatusCode, raw)
	}
	return raw, nil
}

// ask posts one request and decodes its data into out; GraphQL errors fail.
func ask(client *http.Client, ct *contender, b []byte, out any) error {
	raw, err := fetch(client, ct, b)
	if err != nil {
		return err
	}
	var doc struct {
		Data   json.RawMessage
		Errors []any
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return err
	}
	if len(doc.Errors) > 0 {
		return fmt.Errorf("errors: %s", raw)
	}
	return json.Unmarshal(doc.Data, out)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// rss is the resident memory of a process (MiB), "-" if unknown.
func rss(pid int) string {
	if pid == 0 {
		return "-"
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "-"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			var kb int
			fmt.Sscan(f[1], &kb)
			return fmt.Sprintf("%d MiB", kb/1024)
		}
	}
	return "-"
}
