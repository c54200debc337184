// Command dbfault checks that a running Cockpit survives a PostgreSQL
// outage: it drives a mixed read/write load over HTTP, stops the database,
// starts it again and checks that
//
//   - the server never crashes (/healthz answers throughout),
//   - requests fail only during the outage, and fail fast (no hang),
//   - /readyz reports the outage and recovers within 5 s of the restart,
//   - no write is partial: every coop created by the load has its founder's
//     membership and pathway event (one transaction), and every creation
//     the server acknowledged is in the database.
//
// scripts/dbfault.sh sets up a throwaway PostgreSQL cluster and runs it.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
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

type result struct {
	start, end time.Time
	write      bool
	slug       string
	status     int
	ok         bool
	err        string
}

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "Cockpit base URL")
	token := flag.String("token", "", "bearer token of a person who may create coops")
	dbURL := flag.String("db", "", "postgres:// URL of Cockpit's database, for the consistency check")
	stopCmd := flag.String("stop", "", "shell command that stops PostgreSQL")
	startCmd := flag.String("start", "", "shell command that starts PostgreSQL")
	workers := flag.Int("workers", 16, "concurrent clients")
	warm := flag.Duration("warm", 3*time.Second, "load before the outage")
	outage := flag.Duration("outage", 4*time.Second, "how long the database stays down")
	after := flag.Duration("after", 4*time.Second, "load after readiness recovered")
	maxRecovery := flag.Duration("max-recovery", 5*time.Second, "longest /readyz may stay down after the restart")
	maxFail := flag.Duration("max-fail", 3*time.Second, "longest a request may take to fail during the outage")
	flag.Parse()
	if *token == "" || *dbURL == "" || *stopCmd == "" || *startCmd == "" {
		fmt.Fprintln(os.Stderr, "dbfault: -token, -db, -stop and -start are required")
		os.Exit(2)
	}
	client := &http.Client{Timeout: 30 * time.Second}
	run := fmt.Sprintf("%x", time.Now().UnixNano())[6:]

	var (
		mu      sync.Mutex
		results []result
		seq     atomic.Int64
		stop    atomic.Bool
		wg      sync.WaitGroup
	)
	for w := range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
			for !stop.Load() {
				r := request(client, *base, *token, rng.IntN(5) == 0, fmt.Sprintf("fault-%s-%d", run, seq.Add(1)))
				mu.Lock()
				results = append(results, r)
				mu.Unlock()
				if !r.ok {
					time.Sleep(20 * time.Millisecond) // a client backing off a little
				}
			}
		}()
	}

	// Liveness: /healthz is polled throughout; one miss is a crash.
	var healthMisses atomic.Int64
	healthDone := make(chan struct{})
	go func() {
		for {
			select {
			case <-healthDone:
				return
			case <-time.After(100 * time.Millisecond):
			}
			res, err := client.Get(*base + "/healthz")
			if err != nil {
				healthMisses.Add(1)
				continue
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				healthMisses.Add(1)
			}
		}
	}()
	ready := func() bool {
		res, err := client.Get(*base + "/readyz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	}

	failures := []string{}
	fail := func(format string, args ...any) { failures = append(failures, fmt.Sprintf(format, args...)) }

	time.Sleep(*warm)
	stopAt := time.Now()
	logf("stopping PostgreSQL: %s", *stopCmd)
	if out, err := exec.Command("sh", "-c", *stopCmd).CombinedOutput(); err != nil {
		logf("stop failed: %v\n%s", err, out)
		os.Exit(1)
	}
	time.Sleep(*outage / 2)
	if ready() {
		fail("/readyz reported ready while PostgreSQL was stopped")
	}
	time.Sleep(*outage / 2)
	logf("starting PostgreSQL: %s", *startCmd)
	if out, err := exec.Command("sh", "-c", *startCmd).CombinedOutput(); err != nil {
		logf("start failed: %v\n%s", err, out)
		os.Exit(1)
	}
	startedAt := time.Now()
	var readyAt time.Time
	for time.Since(startedAt) < 30*time.Second {
		if ready() {
			readyAt = time.Now()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if readyAt.IsZero() {
		fail("/readyz did not recover within 30 s")
		readyAt = time.Now()
	}
	recovery := readyAt.Sub(startedAt)
	if recovery > *maxRecovery {
		fail("/readyz recovered %s after the restart, more than %s", recovery.Round(time.Millisecond), *maxRecovery)
	}
	time.Sleep(*after)
	stop.Store(true)
	wg.Wait()
	close(healthDone)

	// Judge the requests by when they started.
	var before, during, afterN, duringErr, beforeErr, afterErr int
	var slowestFail time.Duration
	for _, r := range results {
		switch {
		case r.start.Before(stopAt):
			before++
			// A request still running when the stop began may fail.
			if !r.ok && r.end.Before(stopAt) {
				beforeErr++
				fail("request before the outage failed: HTTP %d %s", r.status, r.err)
			}
		case r.start.Before(readyAt):
			during++
			if !r.ok {
				duringErr++
				slowestFail = max(slowestFail, r.end.Sub(r.start))
			}
		default:
			afterN++
			if !r.ok {
				afterErr++
				if afterErr <= 5 {
					fail("request after recovery failed: HTTP %d %s", r.status, r.err)
				}
			}
		}
	}
	if afterErr > 5 {
		fail("... %d requests after recovery failed in all", afterErr)
	}
	if duringErr == 0 {
		fail("no request failed during the outage: was the database really stopped?")
	}
	if slowestFail > *maxFail {
		fail("a request took %s to fail during the outage (limit %s): it hung", slowestFail.Round(time.Millisecond), *maxFail)
	}
	if n := healthMisses.Load(); n > 0 {
		fail("/healthz failed %d times: the server crashed or hung", n)
	}

	// No partial writes, and nothing acknowledged is lost.
	db, err := sql.Open("postgres", *dbURL)
	if err != nil {
		logf("%v", err)
		os.Exit(1)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rows, err := db.QueryContext(ctx, `SELECT c.slug,
		(SELECT count(*) FROM memberships m WHERE m.coop_id = c.id),
		(SELECT count(*) FROM pathway_events e JOIN memberships m ON e.membership_id = m.id WHERE m.coop_id = c.id)
		FROM coops c WHERE c.slug LIKE $1`, "fault-"+run+"-%")
	if err != nil {
		logf("consistency query: %v", err)
		os.Exit(1)
	}
	stored := map[string]bool{}
	partial := 0
	for rows.Next() {
		var slug string
		var members, events int
		if err := rows.Scan(&slug, &members, &events); err != nil {
			logf("%v", err)
			os.Exit(1)
		}
		stored[slug] = true
		if members != 1 || events < 1 {
			partial++
			fail("partial write: coop %s has %d memberships and %d pathway events", slug, members, events)
		}
	}
	if err := rows.Err(); err != nil {
		logf("%v", err)
		os.Exit(1)
	}
	writes, acked, lost := 0, 0, 0
	for _, r := range results {
		if !r.write {
			continue
		}
		writes++
		if r.ok {
			acked++
			if !stored[r.slug] {
				lost++
				fail("acknowledged coop %s is not in the database", r.slug)
			}
		}
	}

	logf("requests: %d before the outage (%d failed), %d from the stop until ready again (%d failed, slowest failure %s), %d after (%d failed)",
		before, beforeErr, during, duringErr, slowestFail.Round(time.Millisecond), afterN, afterErr)
	logf("outage: stopped %s after the start, /readyz recovered %s after the restart",
		stopAt.Sub(results[0].start).Round(time.Millisecond), recovery.Round(time.Millisecond))
	logf("writes: %d createCoop, %d acknowledged, %d coops stored, %d partial, %d lost", writes, acked, len(stored), partial, lost)
	logf("/healthz misses: %d", healthMisses.Load())
	if len(failures) > 0 {
		slices.Sort(failures)
		for _, f := range failures {
			logf("FAIL %s", f)
		}
		os.Exit(1)
	}
	logf("PASS")
}

// request sends one read or one write (createCoop: coop, founder
// membership and pathway event in one transaction).
func request(client *http.Client, base, token string, write bool, slug string) result {
	q := `query Directory { networks(first: 5) { edges { node { name coops(first: 10) { totalCount edges { node { name } } } } } } }`
	vars := map[string]any{}
	if write {
		q = `mutation Found($slug: String!) { createCoop(input: {name: $slug, slug: $slug, currency: "EUR"}) { coop { id } } }`
		vars["slug"] = slug
	}
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	r := result{start: time.Now(), write: write, slug: slug}
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := client.Do(req)
	if err != nil {
		r.end, r.err = time.Now(), err.Error()
		return r
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	r.end, r.status = time.Now(), res.StatusCode
	var out struct {
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	_ = json.Unmarshal(raw, &out)
	r.ok = res.StatusCode == http.StatusOK && len(out.Errors) == 0
	if len(out.Errors) > 0 {
		r.err = out.Errors[0].Extensions.Code + ": " + out.Errors[0].Message
	} else if !r.ok {
		r.err = strings.TrimSpace(string(raw))
	}
	return r
}

func logf(format string, args ...any) {
	fmt.Printf("dbfault: "+format+"\n", args...)
}
