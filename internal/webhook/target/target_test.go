package target_test

import (
	"context"
	"errors"
	"net/netip"
	"testing"

	"github.com/coopnetwork/cockpit/internal/webhook/target"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		ip     string
		public bool
	}{
		{"8.8.8.8", true}, {"93.184.216.34", true}, {"2606:4700::1111", true},
		{"127.0.0.1", false}, {"127.255.0.9", false}, {"10.0.0.1", false}, {"172.16.5.4", false}, {"172.31.255.255", false},
		{"172.32.0.1", true}, {"192.168.1.1", false}, {"169.254.169.254", false}, {"169.254.0.1", false},
		{"100.64.0.1", false}, {"100.127.255.254", false}, {"100.128.0.1", true}, {"0.0.0.0", false}, {"224.0.0.1", false},
		{"255.255.255.255", false}, {"::", false}, {"::1", false}, {"fc00::1", false}, {"fd12:3456::1", false},
		{"fe80::1", false}, {"ff02::1", false}, {"::ffff:127.0.0.1", false}, {"::ffff:10.0.0.1", false},
		{"::ffff:8.8.8.8", true}, {"64:ff9b::a9fe:a9fe", false}, {"64:ff9b::808:808", true}, {"fe80::1%eth0", false},
	} {
		ip := netip.MustParseAddr(tc.ip)
		if got := target.Classify(ip) == ""; got != tc.public {
			t.Errorf("Classify(%s) public=%v, want %v (%q)", tc.ip, got, tc.public, target.Classify(ip))
		}
	}
}

func TestParseNumericHost(t *testing.T) {
	for _, tc := range []struct {
		host string
		want string
	}{
		{"2130706433", "127.0.0.1"}, {"0x7f000001", "127.0.0.1"}, {"0177.0.0.1", "127.0.0.1"}, {"127.1", "127.0.0.1"},
		{"0x7f.1", "127.0.0.1"}, {"3232235777", "192.168.1.1"}, {"0xa9fea9fe", "169.254.169.254"}, {"10.1", "10.0.0.1"},
		{"hooks.example.org", ""}, {"1.2.3.4.5", ""}, {"256.1.1.1", ""}, {"4294967296", ""}, {"0x", ""},
	} {
		ip, ok := target.ParseNumericHost(tc.host)
		if tc.want == "" {
			if ok {
				t.Errorf("ParseNumericHost(%q) = %s, want not a number", tc.host, ip)
			}
			continue
		}
		if !ok || ip.String() != tc.want {
			t.Errorf("ParseNumericHost(%q) = %s %v, want %s", tc.host, ip, ok, tc.want)
		}
	}
}

// fakeResolver answers names without any DNS traffic.
type fakeResolver map[string][]string

func (f fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	var out []netip.Addr
	for _, a := range f[host] {
		out = append(out, netip.MustParseAddr(a))
	}
	if len(out) == 0 {
		return nil, errors.New("no such host")
	}
	return out, nil
}

func TestCheckURL(t *testing.T) {
	dns := fakeResolver{
		"hooks.example.org":  {"93.184.216.34"},
		"rebind.example.org": {"93.184.216.34", "127.0.0.1"},
		"meta.example.org":   {"169.254.169.254"},
		"v6.example.org":     {"::ffff:10.1.1.1"},
	}
	strict := target.Policy{Resolver: dns}
	open := target.Policy{Resolver: dns, AllowPrivate: true, AllowHTTP: true}
	for _, tc := range []struct {
		url          string
		strict, open bool
	}{
		{"https://hooks.example.org/cockpit", true, true},
		{"https://hooks.example.org:8443/x?y=1", true, true},
		{"http://hooks.example.org/", false, true},
		{"https://rebind.example.org/", false, true},
		{"https://meta.example.org/", false, true},
		{"https://v6.example.org/", false, true},
		{"https://unknown.example.org/", false, true},
		{"https://127.0.0.1/", false, true},
		{"https://[::1]:8080/", false, true},
		{"https://169.254.169.254/latest/meta-data/", false, true},
		{"https://2130706433/", false, false},
		{"https://0x7f000001/", false, false},
		{"https://localhost/", false, true},
		{"https://api.localhost/", false, true},
		{"https://93.184.216.34/", true, true},
		{"https://u:p@hooks.example.org/", false, false},
		{"ftp://hooks.example.org/", false, false},
		{"hooks.example.org/x", false, false},
		{"https://hooks.example.org/#frag", false, false},
	} {
		if err := strict.CheckURL(context.Background(), tc.url); (err == nil) != tc.strict || err != nil && !errors.Is(err, target.ErrRefused) {
			t.Errorf("strict CheckURL(%s) = %v, want allowed=%v", tc.url, err, tc.strict)
		}
		if err := open.CheckURL(context.Background(), tc.url); (err == nil) != tc.open {
			t.Errorf("open CheckURL(%s) = %v, want allowed=%v", tc.url, err, tc.open)
		}
	}
}

// TestControlRefusesAtConnect: the dial-time check sees the address
// actually dialled, whatever the name resolved to at registration.
func TestControlRefusesAtConnect(t *testing.T) {
	strict := target.Policy{}
	for _, addr := range []string{"127.0.0.1:443", "[::1]:443", "169.254.169.254:80", "10.0.0.7:443", "[::ffff:192.168.0.1]:443"} {
		if err := strict.Control("tcp", addr, nil); !errors.Is(err, target.ErrRefused) {
			t.Errorf("Control(%s) = %v, want refused", addr, err)
		}
	}
	if err := strict.Control("tcp", "93.184.216.34:443", nil); err != nil {
		t.Errorf("Control(public) = %v", err)
	}
	if err := (target.Policy{AllowPrivate: true}).Control("tcp", "127.0.0.1:443", nil); err != nil {
		t.Errorf("Control with private targets allowed = %v", err)
	}
	// The client's dialer refuses a loopback target without contacting it.
	_, err := strict.Client(0).Get("http://127.0.0.1:1/")
	if !errors.Is(err, target.ErrRefused) {
		t.Errorf("client dialled loopback: %v", err)
	}
}
