// Command deploycheck validates Cockpit's deployment files offline (no
// Docker, no cluster, no network): scripts/deploycheck.sh runs it.
//
//		deploycheck -dir deploy -env-names FILE
//
//	  - deploy/compose.yaml is loaded by compose-go, the Compose
//	    specification's reference loader, with its bundled JSON schema
//	    (unknown keys and wrong types fail), then checked for the fleet's
//	    shape: a one-shot migrate service the replicas depend on with
//	    service_completed_successfully, replicas with a `cockpit healthcheck`
//	    health check and --migrate=false, PgBouncer between them and PostgreSQL.
//	  - every document of deploy/kubernetes/*.yaml is decoded strictly
//	    (unknown fields fail) into the real Kubernetes API types (k8s.io/api),
//	    then checked: a Deployment of 3 replicas with readiness on /readyz,
//	    liveness on /healthz and memory requests and limits, a migration Job,
//	    a Service and a PodDisruptionBudget selecting its pods, and the
//	    kustomization naming files that exist.
//	  - every COCKPIT_* environment variable the files set is one that
//	    `cockpit serve` or `cockpit migrate` reads (-env-names: one per line,
//	    taken from their -h output), so a renamed flag cannot go unnoticed.
//
// It is a module of its own so that Cockpit's go.mod does not carry the
// Kubernetes and Compose libraries.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

type checker struct {
	failures []string
	envNames map[string]bool // COCKPIT_* variables cockpit reads
	used     map[string]string
}

func (c *checker) fail(format string, args ...any) {
	c.failures = append(c.failures, fmt.Sprintf(format, args...))
}

// useEnv records an environment variable a deployment file sets.
func (c *checker) useEnv(name, where string) {
	if strings.HasPrefix(name, "COCKPIT_") {
		c.used[name] = where
	}
}

func main() {
	dir := flag.String("dir", "deploy", "the deploy directory")
	envFile := flag.String("env-names", "", "file with the COCKPIT_* variables cockpit reads, one per line (empty: not checked)")
	flag.Parse()
	var envNames []string
	if *envFile != "" {
		raw, err := os.ReadFile(*envFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "deploycheck:", err)
			os.Exit(2)
		}
		envNames = strings.Fields(string(raw))
	}
	failures, n, vars := check(*dir, envNames)
	if len(failures) > 0 {
		for _, f := range failures {
			fmt.Println("deploycheck: FAIL", f)
		}
		os.Exit(1)
	}
	fmt.Printf("deploycheck: compose.yaml valid (compose-spec schema), %d Kubernetes objects valid (strict, k8s.io/api), %d COCKPIT_* variables known to cockpit\n", n, vars)
}

// check validates the deploy directory dir; envNames (nil: not checked)
// are the variables cockpit reads. It returns the failures, the number of
// Kubernetes objects decoded and of COCKPIT_* variables set.
func check(dir string, envNames []string) (failures []string, objects, vars int) {
	c := &checker{used: map[string]string{}}
	if envNames != nil {
		c.envNames = map[string]bool{}
		for _, n := range envNames {
			c.envNames[n] = true
		}
	}
	c.compose(filepath.Join(dir, "compose.yaml"))
	c.pgbouncerINI(filepath.Join(dir, "pgbouncer.ini"), "compose")
	n := c.kubernetes(filepath.Join(dir, "kubernetes"))
	if c.envNames != nil {
		names := make([]string, 0, len(c.used))
		for n := range c.used {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			if !c.envNames[n] {
				c.fail("%s sets %s, which neither cockpit serve nor cockpit migrate reads", c.used[n], n)
			}
		}
	}
	return c.failures, n, len(c.used)
}

func (c *checker) compose(path string) {
	// Placeholders for the variables the file requires (${VAR:?...}).
	for k, v := range map[string]string{"COCKPIT_JWT_SECRET": "deploycheck-secret-0123456789abcdef0123", "POSTGRES_PASSWORD": "deploycheck"} {
		if os.Getenv(k) == "" {
			os.Setenv(k, v)
		}
	}
	opts, err := cli.NewProjectOptions([]string{path}, cli.WithOsEnv, cli.WithWorkingDirectory(filepath.Dir(path)))
	if err != nil {
		c.fail("%s: %v", path, err)
		return
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		c.fail("%s: %v", path, err)
		return
	}
	svc := func(name string) (types.ServiceConfig, bool) {
		s, ok := p.Services[name]
		if !ok {
			c.fail("compose: no service %q", name)
		}
		return s, ok
	}
	for _, name := range []string{"postgres", "pgbouncer", "haproxy"} {
		svc(name)
	}
	if m, ok := svc("migrate"); ok {
		if !slices.Equal([]string(m.Command), []string{"migrate"}) {
			c.fail("compose: migrate runs %q, not `cockpit migrate`", m.Command)
		}
		if m.Restart != "no" {
			c.fail("compose: migrate must be one-shot (restart: \"no\"), has %q", m.Restart)
		}
		c.composeEnv("compose service migrate", m)
		if db := env(m, "COCKPIT_DATABASE"); !strings.Contains(db, "@postgres:") {
			c.fail("compose: migrate should reach PostgreSQL directly, has %q", db)
		}
	}
	if s, ok := svc("cockpit"); ok {
		c.composeEnv("compose service cockpit", s)
		if d, ok := s.DependsOn["migrate"]; !ok || d.Condition != types.ServiceConditionCompletedSuccessfully {
			c.fail("compose: cockpit must depend on migrate with condition service_completed_successfully")
		}
		if s.HealthCheck == nil || !slices.Contains([]string(s.HealthCheck.Test), "healthcheck") {
			c.fail("compose: cockpit's health check must run `cockpit healthcheck`")
		}
		if s.Deploy == nil || s.Deploy.Replicas == nil || *s.Deploy.Replicas < 2 {
			c.fail("compose: cockpit must run several replicas (deploy.replicas)")
		}
		if env(s, "COCKPIT_MIGRATE") != "false" {
			c.fail("compose: cockpit replicas must run with COCKPIT_MIGRATE=false (the migrate service migrates)")
		}
		if !strings.Contains(env(s, "COCKPIT_DATABASE"), "@pgbouncer:") {
			c.fail("compose: cockpit's pool must go through PgBouncer")
		}
	}
}

func env(s types.ServiceConfig, k string) string {
	if v, ok := s.Environment[k]; ok && v != nil {
		return *v
	}
	return ""
}

func (c *checker) composeEnv(where string, s types.ServiceConfig) {
	for k := range s.Environment {
		c.useEnv(k, where)
	}
}

// pgbouncerINI checks that an ini has the API's pool entry "cockpit" (in
// session or transaction mode) and a session-mode entry for LISTEN.
func (c *checker) pgbouncerINI(path, where string) {
	raw, err := os.ReadFile(path)
	if err != nil {
		c.fail("%s: %v", where, err)
		return
	}
	c.pgbouncerText(string(raw), where)
}

var iniLine = regexp.MustCompile(`(?m)^\s*([A-Za-z_]+)\s*=\s*(.*)$`)

func (c *checker) pgbouncerText(s, where string) {
	section, dbs, mode := "", map[string]string{}, ""
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "[") {
			section = strings.Trim(l, "[]")
			continue
		}
		m := iniLine.FindStringSubmatch(l)
		if m == nil || strings.HasPrefix(l, ";") {
			continue
		}
		switch {
		case section == "databases":
			dbs[m[1]] = m[2]
		case section == "pgbouncer" && m[1] == "pool_mode":
			mode = m[2]
		case section != "pgbouncer":
			c.fail("%s: pgbouncer.ini: %q outside [databases] and [pgbouncer]", where, l)
		}
	}
	entryMode := func(db string) string {
		if m := regexp.MustCompile(`pool_mode=(\w+)`).FindStringSubmatch(dbs[db]); m != nil {
			return m[1]
		}
		return mode
	}
	if !strings.Contains(dbs["cockpit"], "dbname=") {
		c.fail("%s: pgbouncer.ini: no [databases] entry cockpit", where)
	} else if m := entryMode("cockpit"); m != "session" && m != "transaction" {
		c.fail("%s: pgbouncer.ini: the cockpit entry's pool_mode must be session or transaction, is %q", where, m)
	}
	if entryMode("cockpit_listen") != "session" {
		c.fail("%s: pgbouncer.ini: cockpit_listen must be a session-mode entry (LISTEN)", where)
	}
}

func (c *checker) kubernetes(dir string) int {
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if len(files) == 0 {
		c.fail("%s: no manifests", dir)
		return 0
	}
	var (
		n      int
		k      kube
		kustom []string
	)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			c.fail("%v", err)
			continue
		}
		for i, doc := range splitDocs(raw) {
			where := fmt.Sprintf("%s document %d", filepath.Base(f), i+1)
			var head struct {
				APIVersion string `json:"apiVersion"`
				Kind       string `json:"kind"`
			}
			if err := yaml.Unmarshal(doc, &head); err != nil {
				c.fail("%s: %v", where, err)
				continue
			}
			var obj any
			switch head.APIVersion + " " + head.Kind {
			case "apps/v1 Deployment":
				d := &appsv1.Deployment{}
				obj, k.deploys = d, append(k.deploys, d)
			case "batch/v1 Job":
				j := &batchv1.Job{}
				obj, k.jobs = j, append(k.jobs, j)
			case "v1 Service":
				s := &corev1.Service{}
				obj, k.services = s, append(k.services, s)
			case "v1 ConfigMap":
				m := &corev1.ConfigMap{}
				obj, k.configMaps = m, append(k.configMaps, m)
			case "v1 Secret":
				obj = &corev1.Secret{}
			case "policy/v1 PodDisruptionBudget":
				p := &policyv1.PodDisruptionBudget{}
				obj, k.pdbs = p, append(k.pdbs, p)
			case "kustomize.config.k8s.io/v1beta1 Kustomization":
				kz := &struct {
					APIVersion string           `json:"apiVersion"`
					Kind       string           `json:"kind"`
					Resources  []string         `json:"resources"`
					Labels     []map[string]any `json:"labels"`
				}{}
				if err := yaml.UnmarshalStrict(doc, kz); err != nil {
					c.fail("%s: %v", where, err)
				}
				kustom = kz.Resources
				continue
			default:
				c.fail("%s: kind %q of %q is not one deploycheck knows; add it", where, head.Kind, head.APIVersion)
				continue
			}
			if err := yaml.UnmarshalStrict(doc, obj); err != nil {
				c.fail("%s: %v", where, err)
				continue
			}
			n++
		}
	}
	for _, r := range kustom {
		if _, err := os.Stat(filepath.Join(dir, r)); err != nil {
			c.fail("kustomization.yaml names %s, which does not exist", r)
		}
	}
	c.kubeShape(&k)
	return n
}

type kube struct {
	deploys    []*appsv1.Deployment
	jobs       []*batchv1.Job
	services   []*corev1.Service
	configMaps []*corev1.ConfigMap
	pdbs       []*policyv1.PodDisruptionBudget
}

// kubeShape checks the fleet's shape in the decoded manifests.
func (c *checker) kubeShape(k *kube) {
	var app *appsv1.Deployment
	for _, d := range k.deploys {
		if d.Name == "cockpit" {
			app = d
		}
	}
	if app == nil {
		c.fail("kubernetes: no Deployment cockpit")
		return
	}
	if app.Spec.Replicas == nil || *app.Spec.Replicas != 3 {
		c.fail("kubernetes: Deployment cockpit must have 3 replicas")
	}
	if len(app.Spec.Template.Spec.Containers) != 1 {
		c.fail("kubernetes: Deployment cockpit must have one container")
		return
	}
	ct := app.Spec.Template.Spec.Containers[0]
	probe := func(name string, p *corev1.Probe, path string) {
		if p == nil || p.HTTPGet == nil || p.HTTPGet.Path != path {
			c.fail("kubernetes: cockpit's %s probe must GET %s", name, path)
		}
	}
	probe("readiness", ct.ReadinessProbe, "/readyz")
	probe("liveness", ct.LivenessProbe, "/healthz")
	if ct.Resources.Requests.Memory().IsZero() || ct.Resources.Limits.Memory().IsZero() {
		c.fail("kubernetes: cockpit needs memory requests and limits")
	}
	if ct.Resources.Limits.Memory().Cmp(*ct.Resources.Requests.Memory()) < 0 {
		c.fail("kubernetes: cockpit's memory limit is below its request")
	}
	for _, e := range ct.Env {
		c.useEnv(e.Name, "Deployment cockpit")
	}
	migrateOff := false
	for _, ef := range ct.EnvFrom {
		if ef.ConfigMapRef == nil {
			continue
		}
		found := false
		for _, m := range k.configMaps {
			if m.Name == ef.ConfigMapRef.Name {
				found = true
				for key, v := range m.Data {
					c.useEnv(key, "ConfigMap "+m.Name)
					if key == "COCKPIT_MIGRATE" && v == "false" {
						migrateOff = true
					}
				}
			}
		}
		if !found {
			c.fail("kubernetes: Deployment cockpit reads ConfigMap %s, which is not in the manifests", ef.ConfigMapRef.Name)
		}
	}
	if !migrateOff {
		c.fail("kubernetes: the replicas must run with COCKPIT_MIGRATE=false (the Job migrates)")
	}
	var migrate *batchv1.Job
	for _, j := range k.jobs {
		if j.Name == "cockpit-migrate" {
			migrate = j
		}
	}
	if migrate == nil {
		c.fail("kubernetes: no Job cockpit-migrate")
	} else {
		cs := migrate.Spec.Template.Spec.Containers
		if len(cs) != 1 || !slices.Equal(cs[0].Args, []string{"migrate"}) {
			c.fail("kubernetes: Job cockpit-migrate must run `cockpit migrate`")
		} else {
			for _, e := range cs[0].Env {
				c.useEnv(e.Name, "Job cockpit-migrate")
			}
		}
	}
	podLabels := app.Spec.Template.Labels
	matches := func(sel map[string]string) bool {
		if len(sel) == 0 {
			return false
		}
		for key, v := range sel {
			if podLabels[key] != v {
				return false
			}
		}
		return true
	}
	if !matches(app.Spec.Selector.MatchLabels) {
		c.fail("kubernetes: Deployment cockpit's selector does not match its pods")
	}
	svcOK := false
	for _, s := range k.services {
		if matches(s.Spec.Selector) {
			svcOK = true
		}
	}
	if !svcOK {
		c.fail("kubernetes: no Service selects cockpit's pods")
	}
	pdbOK := false
	for _, p := range k.pdbs {
		if sel, err := metav1.LabelSelectorAsMap(p.Spec.Selector); err == nil && matches(sel) {
			pdbOK = true
		}
	}
	if !pdbOK {
		c.fail("kubernetes: no PodDisruptionBudget selects cockpit's pods")
	}
	for _, m := range k.configMaps {
		if ini, ok := m.Data["pgbouncer.ini"]; ok {
			c.pgbouncerText(ini, "ConfigMap "+m.Name)
		}
	}
}

func splitDocs(raw []byte) [][]byte {
	var out [][]byte
	for _, d := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(raw), -1) {
		if strings.TrimSpace(stripComments(d)) != "" {
			out = append(out, []byte(d))
		}
	}
	return out
}

func stripComments(s string) string {
	var b bytes.Buffer
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}
