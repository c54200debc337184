package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Helpers for tests that run the built cockpit binary, as an operator does.

// buildCockpit builds this command into a temporary directory and returns
// the binary's path. Building reuses the build cache the test run filled.
func buildCockpit(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH: cannot build the cockpit binary")
	}
	bin := filepath.Join(t.TempDir(), "cockpit")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	cmd := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// cockpitProcess is a running `cockpit serve`.
type cockpitProcess struct {
	cmd *exec.Cmd
	// Addr is the address it listens on, from its "cockpit serving" log line.
	Addr string
	// exited is closed once the process has ended and its output is read.
	exited chan struct{}
	log    *testkit.SyncBuffer
}

// startCockpit starts bin serve with args and returns once it logged that
// it serves; the process is killed when the test ends.
func startCockpit(t *testing.T, bin string, args ...string) *cockpitProcess {
	t.Helper()
	p := &cockpitProcess{cmd: exec.Command(bin, append([]string{"serve"}, args...)...), exited: make(chan struct{}), log: &testkit.SyncBuffer{}}
	pr, pw := io.Pipe()
	p.cmd.Stdout, p.cmd.Stderr = pw, pw
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addrc := make(chan string, 1)
	scanned := make(chan struct{})
	go func() {
		defer close(scanned)
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
		for sc.Scan() {
			p.log.Write(append(sc.Bytes(), '\n'))
			var line struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "cockpit serving" && line.Addr != "" {
				select {
				case addrc <- line.Addr:
				default:
				}
			}
		}
		// Never leave the child blocked on a full pipe (a line too long
		// for the scanner ends the loop early).
		_, _ = io.Copy(p.log, pr)
	}()
	go func() {
		_ = p.cmd.Wait()
		pw.Close()
		<-scanned
		close(p.exited)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.exited
		if t.Failed() {
			t.Logf("cockpit serve (pid %d) log:\n%s", p.cmd.Process.Pid, p.log.String())
		}
	})
	select {
	case p.Addr = <-addrc:
	case <-p.exited:
		t.Fatalf("cockpit serve exited before serving (%v):\n%s", p.cmd.ProcessState, p.log.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("cockpit serve did not log that it serves within a minute:\n%s", p.log.String())
	}
	return p
}

// Kill ends the process with SIGKILL (no shutdown of any kind) and waits
// until it is gone.
func (p *cockpitProcess) Kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.exited:
	case <-time.After(30 * time.Second):
		t.Fatal("the killed process did not end")
	}
	if p.cmd.ProcessState.Exited() {
		t.Fatalf("cockpit serve exited (%v) instead of being killed", p.cmd.ProcessState)
	}
}

// graphQL posts a GraphQL request to the process's /graphql with the bearer
// token and decodes its data into out, failing the test on any error.
func (p *cockpitProcess) graphQL(t *testing.T, token, query string, vars map[string]any, out any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequest(http.MethodPost, "http://"+p.Addr+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("graphql request: %v", err)
	}
	defer res.Body.Close()
	var r struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		t.Fatalf("decoding the graphql response (HTTP %d): %v", res.StatusCode, err)
	}
	if res.StatusCode != http.StatusOK || len(r.Errors) > 0 {
		msgs := make([]string, 0, len(r.Errors))
		for _, e := range r.Errors {
			msgs = append(msgs, e.Message)
		}
		t.Fatalf("graphql: HTTP %d, errors: %s", res.StatusCode, strings.Join(msgs, "; "))
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			t.Fatalf("decoding graphql data %s: %v", r.Data, err)
		}
	}
}
