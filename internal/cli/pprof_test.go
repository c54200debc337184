package cli_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/internal/cli"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestProfilerOnItsOwnAddress: --pprof-addr serves the runtime profiles on
// a listener of their own, and the API's port never does.
func TestProfilerOnItsOwnAddress(t *testing.T) {
	dbURL := testkit.NewDatabaseURL(t)
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	exit := make(chan int, 1)
	var stderr testkit.SyncBuffer
	go func() {
		exit <- cli.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--pprof-addr", "127.0.0.1:0", "--close-interval", "0"},
			env(map[string]string{"COCKPIT_DATABASE": dbURL, "COCKPIT_JWT_SECRET": string(testkit.Secret)}), io.Discard, &stderr, func(a string) { addrc <- a })
	}()
	defer func() {
		cancel()
		select {
		case <-exit:
		case <-time.After(30 * time.Second):
			t.Error("serve did not shut down")
		}
	}()
	var addr string
	select {
	case addr = <-addrc:
	case code := <-exit:
		t.Fatalf("serve exited with %d: %s", code, stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not start")
	}
	// The profiler starts before the API listens, so its address is logged by now.
	var pprofAddr string
	sc := bufio.NewScanner(strings.NewReader(stderr.String()))
	for sc.Scan() {
		var line struct{ Msg, Addr string }
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "profiler listening" {
			pprofAddr = line.Addr
		}
	}
	if pprofAddr == "" || pprofAddr == addr {
		t.Fatalf("profiler address %q (API at %s); log: %s", pprofAddr, addr, stderr.String())
	}
	get := func(url string) (int, string) {
		t.Helper()
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := get("http://" + pprofAddr + "/debug/pprof/"); code != http.StatusOK || !strings.Contains(body, "goroutine") {
		t.Errorf("profiler index: %d %.200s", code, body)
	}
	if code, body := get("http://" + pprofAddr + "/debug/pprof/heap?debug=1"); code != http.StatusOK || !strings.Contains(body, "heap profile") {
		t.Errorf("heap profile: %d %.200s", code, body)
	}
	if code, body := get("http://" + addr + "/debug/pprof/"); code == http.StatusOK && strings.Contains(body, "goroutine") {
		t.Errorf("the API's port serves profiles: %d", code)
	}
}
