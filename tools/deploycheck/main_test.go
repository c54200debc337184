package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyDeploy copies ../../deploy into a temporary directory and applies
// edits (file relative to deploy/, old text, new text).
func copyDeploy(t *testing.T, edits ...[3]string) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("..", "..", "deploy")
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		p := filepath.Join(dst, e[0])
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), e[1]) {
			t.Fatalf("%s has no %q to edit", e[0], e[1])
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(b), e[1], e[2], 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// The variables the deploy files set, as cockpit serve -h would list them.
var knownEnv = []string{"COCKPIT_ADDR", "COCKPIT_DATABASE", "COCKPIT_LISTEN_DATABASE_URL", "COCKPIT_DB_PREPARED_STATEMENTS",
	"COCKPIT_DB_MAX_OPEN_CONNS", "COCKPIT_DB_MAX_IDLE_CONNS", "COCKPIT_MIGRATE", "COCKPIT_JWT_SECRET", "COCKPIT_SHUTDOWN_TIMEOUT",
	"COCKPIT_REQUEST_TIMEOUT", "COCKPIT_INTROSPECTION", "COCKPIT_TRUSTED_PROXIES"}

func TestDeployFilesPass(t *testing.T) {
	failures, objects, vars := check(copyDeploy(t), knownEnv)
	if len(failures) > 0 {
		t.Fatalf("the committed deploy files fail: %v", failures)
	}
	if objects < 8 || vars == 0 {
		t.Fatalf("checked %d objects and %d variables: too few, the check looked at nothing", objects, vars)
	}
}

// Every kind of mistake the check exists for is caught, with a message
// that names it.
func TestBrokenDeployFilesFail(t *testing.T) {
	cases := []struct {
		name string
		edit [3]string
		want string
	}{
		{"unknown Kubernetes field", [3]string{"kubernetes/deployment.yaml", "readinessProbe:", "readinesProbe:"}, `unknown field "readinesProbe"`},
		{"wrong Kubernetes type", [3]string{"kubernetes/deployment.yaml", "replicas: 3", "replicas: three"}, "deployment.yaml"},
		{"unknown Compose key", [3]string{"compose.yaml", "stop_grace_period: 30s", "stop_grace_periods: 30s"}, "stop_grace_periods"},
		{"replicas not waiting for the migration", [3]string{"compose.yaml", "condition: service_completed_successfully", "condition: service_started"}, "service_completed_successfully"},
		{"replicas migrating themselves", [3]string{"kubernetes/configmap.yaml", `COCKPIT_MIGRATE: "false"`, `COCKPIT_MIGRATE: "true"`}, "COCKPIT_MIGRATE=false"},
		{"readiness on the wrong path", [3]string{"kubernetes/deployment.yaml", "path: /readyz", "path: /healthz"}, "GET /readyz"},
		{"a variable cockpit does not read", [3]string{"kubernetes/configmap.yaml", `COCKPIT_ADDR: ":8080"`, `COCKPIT_LISTEN: ":8080"`}, "COCKPIT_LISTEN, which neither"},
		{"LISTEN through a transaction pool", [3]string{"pgbouncer.ini", "dbname=cockpit pool_mode=session", "dbname=cockpit pool_mode=transaction"}, "cockpit_listen must be a session-mode entry"},
		{"PDB selecting nothing", [3]string{"kubernetes/pdb.yaml", "      app.kubernetes.io/name: cockpit", "      app.kubernetes.io/name: other"}, "no PodDisruptionBudget"},
		{"kustomization naming a missing file", [3]string{"kubernetes/kustomization.yaml", "  - pdb.yaml", "  - pdbs.yaml"}, "pdbs.yaml, which does not exist"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			failures, _, _ := check(copyDeploy(t, tc.edit), knownEnv)
			for _, f := range failures {
				if strings.Contains(f, tc.want) {
					return
				}
			}
			t.Fatalf("want a failure mentioning %q, got %v", tc.want, failures)
		})
	}
}
