// Command fleetdrill drives scripts/fleetdrill.sh's drill against a fleet of
// cockpit replicas behind HAProxy:
//
//	fleetdrill ports N      print N free loopback TCP ports
//	fleetdrill run [flags]  the drill
//
// run sends reads (the directory query) and writes (createProposal, each
// with a unique title) through the load balancer from several clients and
// keeps a subscriber (SSE, proposalChanged of the coop) open on replica 1,
// while it carries out the drill's steps with -ctl (a command with %s for
// the step): kill (replica 2, SIGKILL), restart (replica 2), stop-primary
// and promote (the standby, PgBouncer repointed). Then it checks:
//
//   - every write answered 200 without errors is in the database, once,
//     and no write is stored twice;
//   - the subscriber on replica 1 received the event of every acknowledged
//     write outside the failover (writes served by the other replicas reach
//     it through LISTEN/NOTIFY only);
//   - readiness follows each change: replica 2's /readyz is unreachable
//     after the kill and 200 after the restart; every replica's /readyz
//     answers 503 while the primary is stopped and 200 after the
//     promotion; HAProxy's health checks (its stats) follow both;
//   - no request failed before the drill and at the end, after recovery.
//
// It prints requests/s, errors, p50 and p99 per phase, and exits 1 on any
// failed check.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/lib/pq"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: fleetdrill ports N | run [flags]")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "ports":
		n := 1
		if len(os.Args) > 2 {
			fmt.Sscan(os.Args[2], &n)
		}
		ports(n)
	case "run":
		os.Exit(run(os.Args[2:]))
	default:
		fmt.Fprintf(os.Stderr, "fleetdrill: unknown command %q\n", os.Args[1])
		os.Exit(2)
	}
}

// ports prints n distinct free loopback ports (held open together, so no
// two are the same).
func ports(n int) {
	var ls []net.Listener
	var out []string
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fmt.Fprintln(os.Stderr, "fleetdrill:", err)
			os.Exit(1)
		}
		ls = append(ls, l)
		out = append(out, fmt.Sprint(l.Addr().(*net.TCPAddr).Port))
	}
	for _, l := range ls {
		l.Close()
	}
	fmt.Println(strings.Join(out, " "))
}

// The drill's phases, in order.
var phaseNames = []string{"steady (3 replicas)", "replica 2 killed", "replica 2 restarted", "primary down, failover", "after failover"}

type result struct {
	phase      int
	start, end time.Time
	write      bool
	title      string
	status     int
	ok         bool
	err        string
	replica    string // the replica HAProxy sent it to (X-Cockpit-Replica)
}

type drill struct {
	lb, stats, token, ctl string
	replicas              []string
	client                *http.Client
	run                   string
	phase                 atomic.Int32
	failures              []string
	mu                    sync.Mutex
	results               []result
	events                map[string]time.Time // proposal title -> first event on the subscriber
	eventCount            int
	eventErrors           int
	cut                   time.Time // writes of phase 2 after it may lose their events in the failover
	inflight              map[int64]time.Time
}

func (d *drill) fail(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	d.mu.Lock()
	d.failures = append(d.failures, msg)
	d.mu.Unlock()
	logf("FAIL %s", msg)
}

func run(args []string) int {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	lb := fs.String("lb", "", "the load balancer's base URL")
	stats := fs.String("stats", "", "HAProxy's stats CSV URL")
	replicas := fs.String("replicas", "", "comma-separated base URLs of replicas 1, 2 and 3")
	token := fs.String("token", "", "bearer token of a coop member")
	dbURL := fs.String("db", "", "postgres:// URL of the database after the failover, for the checks")
	ctl := fs.String("ctl", "", "command carrying out a drill step (%s: kill, restart, stop-primary, promote)")
	workers := fs.Int("workers", 8, "concurrent clients")
	writeRate := fs.Float64("write-rate", 25, "writes per second across all clients (the others read); one SSE subscriber keeps up with a few dozen events a second on a shared 2-core machine, and the broker drops events for a subscriber more than 64 behind")
	steady := fs.Duration("steady", 6*time.Second, "load before the drill")
	hold := fs.Duration("hold", 5*time.Second, "load in each of the kill and restart phases")
	outage := fs.Duration("outage", 3*time.Second, "how long the primary is down before the promotion")
	after := fs.Duration("after", 16*time.Second, "load after the fleet recovered from the failover")
	settle := fs.Duration("settle", 12*time.Second, "the first part of -after in which the fleet may still settle: requests may fail and events may be lost while the replicas' LISTEN connections reconnect (with back-off, through PgBouncer)")
	_ = fs.Parse(args)
	d := &drill{lb: *lb, stats: *stats, token: *token, ctl: *ctl, replicas: strings.Split(*replicas, ","),
		client: &http.Client{Timeout: 10 * time.Second}, events: map[string]time.Time{}, inflight: map[int64]time.Time{}}
	if d.lb == "" || d.token == "" || *dbURL == "" || d.ctl == "" || len(d.replicas) != 3 {
		fmt.Fprintln(os.Stderr, "fleetdrill run: -lb, -token, -db, -ctl and three -replicas are required")
		return 2
	}
	d.run = randHex(4)

	coop, err := d.coop()
	if err != nil {
		logf("setup: %v", err)
		return 1
	}
	// The subscriber on replica 1, which the drill never kills.
	subCtx, stopSub := context.WithCancel(context.Background())
	defer stopSub()
	subscribed := make(chan struct{})
	go d.subscribe(subCtx, coop, subscribed)
	select {
	case <-subscribed:
	case <-time.After(10 * time.Second):
		logf("setup: the subscriber on replica 1 did not connect")
		return 1
	}
	// One write through the subscriber's path before the load: its event
	// must arrive (the subscription is live).
	probe := "drill-" + d.run + "-probe"
	if r := d.request(coop, true, probe); !r.ok {
		logf("setup: createProposal failed: HTTP %d %s", r.status, r.err)
		return 1
	}
	if !d.waitFor(10*time.Second, func() bool { d.mu.Lock(); defer d.mu.Unlock(); _, ok := d.events[probe]; return ok }) {
		d.fail("setup: the subscriber on replica 1 did not receive the event of a write made before the load")
	}

	var stop atomic.Bool
	var wg sync.WaitGroup
	var seq atomic.Int64
	// Write tokens at -write-rate; a client without one reads.
	tokens := make(chan struct{}, 4)
	go func() {
		t := time.NewTicker(time.Duration(float64(time.Second) / *writeRate))
		defer t.Stop()
		for !stop.Load() {
			<-t.C
			select {
			case tokens <- struct{}{}:
			default:
			}
		}
	}()
	for range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				write := false
				select {
				case <-tokens:
					write = true
				default:
				}
				title := ""
				if write {
					title = fmt.Sprintf("drill-%s-%d-%s", d.run, seq.Add(1), randHex(8))
				}
				id := seq.Add(1)
				d.mu.Lock()
				d.inflight[id] = time.Now()
				d.mu.Unlock()
				r := d.request(coop, write, title)
				d.mu.Lock()
				d.results = append(d.results, r)
				delete(d.inflight, id)
				d.mu.Unlock()
				if !r.ok {
					time.Sleep(20 * time.Millisecond) // a client backing off a little
				}
			}
		}()
	}
	phaseStart := make([]time.Time, len(phaseNames)+1)
	enter := func(p int) { phaseStart[p] = time.Now(); d.phase.Store(int32(p)) }
	enter(0)
	logf("run %s: %d clients through %s, subscriber on %s (coop %s)", d.run, *workers, d.lb, d.replicas[0], coop)
	time.Sleep(*steady)

	// (a) SIGKILL replica 2.
	enter(1)
	d.step("kill")
	if d.ready(d.replicas[1]) != 0 {
		d.fail("replica 2 still answers /readyz after SIGKILL")
	}
	if !d.waitFor(5*time.Second, func() bool { return d.lbStatus("r2") == "DOWN" }) {
		d.fail("HAProxy did not mark replica 2 DOWN within 5 s of the kill (it reports %q)", d.lbStatus("r2"))
	} else {
		logf("HAProxy marked replica 2 DOWN %s after the kill", time.Since(phaseStart[1]).Round(time.Millisecond))
	}
	for _, i := range []int{0, 2} {
		if st := d.ready(d.replicas[i]); st != 200 {
			d.fail("replica %d's /readyz answered %d while replica 2 was down", i+1, st)
		}
	}
	time.Sleep(time.Until(phaseStart[1].Add(*hold)))

	// (b) Restart it.
	enter(2)
	d.step("restart")
	if !d.waitFor(10*time.Second, func() bool { return d.ready(d.replicas[1]) == 200 }) {
		d.fail("replica 2's /readyz did not answer 200 within 10 s of its restart")
	}
	if !d.waitFor(5*time.Second, func() bool { return d.lbStatus("r2") == "UP" }) {
		d.fail("HAProxy did not mark replica 2 UP within 5 s of it being ready (it reports %q)", d.lbStatus("r2"))
	} else {
		logf("replica 2 back in HAProxy %s after the restart began", time.Since(phaseStart[2]).Round(time.Millisecond))
	}
	time.Sleep(time.Until(phaseStart[2].Add(*hold)))
	// The subscriber lags a little behind the writes (each event's payload
	// is read from the database): let it catch up before the outage, so
	// that events in flight when the primary stops are not counted as lost.
	d.cut = time.Now()
	if !d.waitFor(10*time.Second, func() bool {
		return d.inflightSince(d.cut) == 0 && d.missingEvents(phaseStart, *settle) == 0
	}) {
		logf("the subscriber did not catch up within 10 s before the failover")
	}

	// (c) Stop the primary; promote the standby and point PgBouncer at it.
	enter(3)
	d.step("stop-primary")
	if !d.waitFor(*outage+5*time.Second, func() bool { return d.allReady(503) }) {
		d.fail("not every replica's /readyz answered 503 while the primary was stopped")
	} else {
		logf("every replica's /readyz answered 503 %s after the primary stopped", time.Since(phaseStart[3]).Round(time.Millisecond))
	}
	if !d.waitFor(5*time.Second, func() bool {
		return d.lbStatus("r1") == "DOWN" && d.lbStatus("r2") == "DOWN" && d.lbStatus("r3") == "DOWN"
	}) {
		d.fail("HAProxy did not mark every replica DOWN while the primary was stopped")
	}
	time.Sleep(time.Until(phaseStart[3].Add(*outage)))
	promoteAt := time.Now()
	d.step("promote")
	if !d.waitFor(20*time.Second, func() bool { return d.allReady(200) }) {
		d.fail("not every replica's /readyz answered 200 within 20 s of the promotion")
	}
	readyAfter := time.Since(promoteAt)
	if !d.waitFor(5*time.Second, func() bool {
		return d.lbStatus("r1") == "UP" && d.lbStatus("r2") == "UP" && d.lbStatus("r3") == "UP"
	}) {
		d.fail("HAProxy did not mark every replica UP after the promotion")
	}
	logf("failover: primary down for %s, replicas ready %s after the promotion, HAProxy routing again %s after it",
		promoteAt.Sub(phaseStart[3]).Round(time.Millisecond), readyAfter.Round(time.Millisecond), time.Since(promoteAt).Round(time.Millisecond))

	enter(4)
	time.Sleep(*after)
	stop.Store(true)
	wg.Wait()
	end := time.Now()
	phaseStart[5] = end
	// Events of the last writes may still be on their way.
	d.waitFor(5*time.Second, func() bool { return d.missingEvents(phaseStart, *settle) == 0 })
	stopSub()

	d.report(phaseStart)
	d.checkRequests(phaseStart, *settle)
	d.checkEvents(phaseStart, *settle)
	if err := d.checkStored(*dbURL); err != nil {
		d.fail("checking the database: %v", err)
	}
	if len(d.failures) > 0 {
		logf("%d check(s) failed", len(d.failures))
		return 1
	}
	logf("PASS")
	return 0
}

// strict reports whether a write that started at t falls where its event
// must reach the subscriber: the phases without a database outage (until
// the subscriber caught up before the failover), and the failover's
// aftermath once settled.
func (d *drill) strict(phase int, t time.Time, phaseStart []time.Time, settle time.Duration) bool {
	switch phase {
	case 0, 1:
		return true
	case 2:
		return d.cut.IsZero() || t.Before(d.cut)
	case 4:
		return t.After(phaseStart[4].Add(settle))
	}
	return false
}

// inflightSince counts the requests started before t still running.
func (d *drill) inflightSince(t time.Time) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for _, start := range d.inflight {
		if start.Before(t) {
			n++
		}
	}
	return n
}

func (d *drill) missingEvents(phaseStart []time.Time, settle time.Duration) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for _, r := range d.results {
		if r.write && r.ok && d.strict(r.phase, r.start, phaseStart, settle) {
			if _, ok := d.events[r.title]; !ok {
				n++
			}
		}
	}
	return n
}

func (d *drill) checkRequests(phaseStart []time.Time, settle time.Duration) {
	var steadyErr, lateErr []string
	for _, r := range d.results {
		if r.ok {
			continue
		}
		switch {
		case r.phase == 0 && r.end.Before(phaseStart[1]):
			// (One still running when replica 2 was killed may fail.)
			steadyErr = append(steadyErr, fmt.Sprintf("HTTP %d %s (%s into the phase)", r.status, r.err, r.start.Sub(phaseStart[0]).Round(time.Millisecond)))
		case r.phase == 4 && r.start.After(phaseStart[4].Add(settle)):
			lateErr = append(lateErr, fmt.Sprintf("HTTP %d %s", r.status, r.err))
		}
	}
	if len(steadyErr) > 0 {
		d.fail("%d requests failed before the drill, e.g. %s", len(steadyErr), steadyErr[0])
	}
	if len(lateErr) > 0 {
		d.fail("%d requests failed %s or more after the failover, e.g. %s", len(lateErr), settle, lateErr[0])
	}
}

func (d *drill) checkEvents(phaseStart []time.Time, settle time.Duration) {
	var missing []string
	fromOthers, heard := 0, 0
	settling, settlingHeard := 0, 0
	for _, r := range d.results {
		if r.write && r.ok && r.phase == 4 && !d.strict(r.phase, r.start, phaseStart, settle) {
			settling++
			if _, got := d.events[r.title]; got {
				settlingHeard++
			}
		}
		if !r.write || !r.ok || !d.strict(r.phase, r.start, phaseStart, settle) {
			continue
		}
		_, got := d.events[r.title]
		if r.replica != "r1" {
			fromOthers++
			if got {
				heard++
			}
		}
		if !got {
			missing = append(missing, fmt.Sprintf("%s (phase %q, %s into it, served by %s)", r.title, phaseNames[r.phase],
				r.start.Sub(phaseStart[r.phase]).Round(time.Millisecond), r.replica))
		}
	}
	logf("subscriber on replica 1: %d events (%d with errors); %d of %d acknowledged writes served by replicas 2 and 3 outside the outage heard",
		d.eventCount, d.eventErrors, heard, fromOthers)
	logf("subscriber while the fleet settled after the failover (first %s): %d of %d acknowledged writes heard (events published while a LISTEN connection reconnects are lost, as internal/events documents)",
		settle, settlingHeard, settling)
	if fromOthers == 0 {
		d.fail("no acknowledged write was served by replicas 2 or 3: the subscriber check proves nothing")
	}
	if len(missing) > 0 {
		d.fail("the subscriber on replica 1 missed the events of %d acknowledged writes: %s", len(missing), strings.Join(missing[:min(len(missing), 5)], ", "))
	}
}

// checkStored: every acknowledged write is stored, none twice.
func (d *drill) checkStored(dbURL string) error {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rows, err := db.QueryContext(ctx, `SELECT title, count(*) FROM proposals WHERE title LIKE $1 GROUP BY title`, "drill-"+d.run+"-%")
	if err != nil {
		return err
	}
	defer rows.Close()
	stored := map[string]int{}
	for rows.Next() {
		var t string
		var n int
		if err := rows.Scan(&t, &n); err != nil {
			return err
		}
		stored[t] = n
	}
	if err := rows.Err(); err != nil {
		return err
	}
	writes, acked, lost, twice := 0, 0, 0, 0
	for _, r := range d.results {
		if !r.write {
			continue
		}
		writes++
		if r.ok {
			acked++
			if stored[r.title] == 0 {
				lost++
				if lost <= 5 {
					d.fail("acknowledged write %s (phase %q) is not in the database", r.title, phaseNames[r.phase])
				}
			}
		}
	}
	for t, n := range stored {
		if n > 1 {
			twice++
			if twice <= 5 {
				d.fail("write %s is stored %d times", t, n)
			}
		}
	}
	unacked := len(stored) - acked
	logf("writes: %d sent, %d acknowledged, %d stored (%d of them not acknowledged: failed answers whose transaction committed), %d lost, %d stored twice",
		writes, acked, len(stored), max(unacked, 0), lost, twice)
	if lost > 5 {
		d.fail("%d acknowledged writes lost in all", lost)
	}
	if twice > 5 {
		d.fail("%d writes stored twice in all", twice)
	}
	return nil
}

func (d *drill) report(phaseStart []time.Time) {
	fmt.Println()
	fmt.Printf("%-24s %7s %9s %8s %8s %8s %8s %8s\n", "phase", "seconds", "requests", "req/s", "errors", "writes", "p50 ms", "p99 ms")
	var all []time.Duration
	total, totalErr, totalW := 0, 0, 0
	for p, name := range phaseNames {
		var lat []time.Duration
		errs, writes := 0, 0
		for _, r := range d.results {
			if r.phase != p {
				continue
			}
			lat = append(lat, r.end.Sub(r.start))
			if !r.ok {
				errs++
			}
			if r.write && r.ok {
				writes++
			}
		}
		secs := phaseStart[p+1].Sub(phaseStart[p]).Seconds()
		fmt.Printf("%-24s %7.1f %9d %8.1f %8d %8d %8s %8s\n", name, secs, len(lat), float64(len(lat))/secs, errs, writes, pct(lat, 0.5), pct(lat, 0.99))
		all = append(all, lat...)
		total += len(lat)
		totalErr += errs
		totalW += writes
	}
	secs := phaseStart[len(phaseNames)].Sub(phaseStart[0]).Seconds()
	fmt.Printf("%-24s %7.1f %9d %8.1f %8d %8d %8s %8s\n", "all", secs, total, float64(total)/secs, totalErr, totalW, pct(all, 0.5), pct(all, 0.99))
	fmt.Println("(errors: failed or refused requests, HTTP or GraphQL, counted in the phase they started in, so those in flight at the kill count as steady;")
	fmt.Println(" writes: acknowledged createProposal)")
	fmt.Println()
}

func pct(l []time.Duration, q float64) string {
	if len(l) == 0 {
		return "-"
	}
	slices.Sort(l)
	i := int(float64(len(l)-1) * q)
	return fmt.Sprintf("%.1f", float64(l[i].Microseconds())/1000)
}

func (d *drill) step(name string) {
	cmd := fmt.Sprintf(d.ctl, name)
	logf("step %s", name)
	out, err := exec.Command("sh", "-c", cmd).CombinedOutput()
	if err != nil {
		logf("step %s failed: %v\n%s", name, err, out)
		os.Exit(1) // the cleanup trap of the script stops everything
	}
}

func (d *drill) waitFor(limit time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(limit)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ready returns the status of base's /readyz, 0 when it does not answer.
func (d *drill) ready(base string) int {
	c := &http.Client{Timeout: 2 * time.Second}
	res, err := c.Get(base + "/readyz")
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

func (d *drill) allReady(status int) bool {
	for _, r := range d.replicas {
		if d.ready(r) != status {
			return false
		}
	}
	return true
}

// lbStatus is HAProxy's view of a server ("UP", "DOWN", "UP 1/2", ...).
func (d *drill) lbStatus(server string) string {
	if d.stats == "" {
		return ""
	}
	res, err := d.client.Get(d.stats)
	if err != nil {
		return "stats unreachable"
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("# ")))).ReadAll()
	if err != nil || len(recs) == 0 {
		return "stats unreadable"
	}
	col := slices.Index(recs[0], "status")
	for _, r := range recs[1:] {
		if len(r) > col && r[0] == "cockpit" && r[1] == server {
			return r[col]
		}
	}
	return "no such server"
}

type gqlResponse struct {
	Data   json.RawMessage
	Errors []struct {
		Message    string
		Extensions struct{ Code string }
	}
}

func (d *drill) post(base, query string, vars map[string]any) (*http.Response, gqlResponse, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+d.token)
	var out gqlResponse
	res, err := d.client.Do(req)
	if err != nil {
		return nil, out, err
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if err := json.Unmarshal(raw, &out); err != nil && res.StatusCode == http.StatusOK {
		return res, out, fmt.Errorf("bad answer: %s", raw)
	}
	return res, out, nil
}

// coop finds a coop the token's person may make proposals in.
func (d *drill) coop() (string, error) {
	_, out, err := d.post(d.lb, `{ viewer { memberships { state coop { id } } } }`, nil)
	if err != nil {
		return "", err
	}
	var v struct {
		Viewer struct {
			Memberships []struct {
				State string
				Coop  struct{ ID string }
			}
		}
	}
	if err := json.Unmarshal(out.Data, &v); err != nil || len(out.Errors) > 0 {
		return "", fmt.Errorf("viewer query: %v %v", err, out.Errors)
	}
	for _, m := range v.Viewer.Memberships {
		if m.State == "MEMBER" {
			return m.Coop.ID, nil
		}
	}
	return "", errors.New("the token's person is a member of no coop")
}

const (
	readQuery   = `query Directory { networks(first: 5) { edges { node { name coops(first: 10) { totalCount edges { node { name } } } } } } }`
	writeQuery  = `mutation Propose($coop: ID!, $title: String!, $closes: Time!) { createProposal(input: {coopID: $coop, kind: GENERAL, title: $title, closesAt: $closes}) { proposal { id } } }`
	subscribeOp = `subscription Drill($coop: ID!) { proposalChanged(coopID: $coop) { kind proposal { title } } }`
)

func (d *drill) request(coop string, write bool, title string) result {
	r := result{phase: int(d.phase.Load()), start: time.Now(), write: write, title: title}
	q, vars := readQuery, map[string]any(nil)
	if write {
		q = writeQuery
		vars = map[string]any{"coop": coop, "title": title, "closes": time.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339)}
	}
	res, out, err := d.post(d.lb, q, vars)
	r.end = time.Now()
	if err != nil {
		r.err = err.Error()
		if res != nil {
			r.status = res.StatusCode
		}
		return r
	}
	r.status, r.replica = res.StatusCode, res.Header.Get("X-Cockpit-Replica")
	r.ok = res.StatusCode == http.StatusOK && len(out.Errors) == 0
	if len(out.Errors) > 0 {
		r.err = out.Errors[0].Extensions.Code + ": " + out.Errors[0].Message
	}
	return r
}

// subscribe keeps an SSE subscription open on replica 1, reconnecting when
// it ends, and records each proposal title it hears of.
func (d *drill) subscribe(ctx context.Context, coop string, connected chan<- struct{}) {
	once := sync.Once{}
	client := &http.Client{} // no timeout: the stream stays open
	for ctx.Err() == nil {
		body, _ := json.Marshal(map[string]any{"query": subscribeOp, "variables": map[string]any{"coop": coop}})
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, d.replicas[0]+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "text/event-stream")
		req.Header.Set("Authorization", "Bearer "+d.token)
		res, err := client.Do(req)
		if err != nil || res.StatusCode != http.StatusOK {
			if res != nil {
				res.Body.Close()
			}
			time.Sleep(200 * time.Millisecond)
			continue
		}
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<16), 1<<22)
		for sc.Scan() {
			line := sc.Text()
			if line == ":" {
				once.Do(func() { close(connected) })
			}
			data, ok := strings.CutPrefix(line, "data: ")
			if !ok {
				continue
			}
			var ev struct {
				Errors []struct{ Message string }
				Data   struct {
					ProposalChanged struct {
						Kind     string
						Proposal struct{ Title string }
					}
				}
			}
			if json.Unmarshal([]byte(data), &ev) != nil {
				continue
			}
			t := ev.Data.ProposalChanged.Proposal.Title
			d.mu.Lock()
			d.eventCount++
			if len(ev.Errors) > 0 {
				d.eventErrors++
				if d.eventErrors <= 3 {
					logf("subscriber: an event with errors: %s", data)
				}
			}
			if _, seen := d.events[t]; !seen && t != "" {
				d.events[t] = time.Now()
			}
			d.mu.Unlock()
		}
		res.Body.Close()
		if ctx.Err() == nil {
			logf("subscriber: the stream on replica 1 ended; reconnecting")
			time.Sleep(200 * time.Millisecond)
		}
	}
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func logf(format string, args ...any) {
	fmt.Printf("fleetdrill: "+format+"\n", args...)
}
