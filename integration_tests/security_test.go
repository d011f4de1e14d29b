package integration_tests

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
)

// Recognisable secrets: if any appears in output, it leaked.
const (
	leakToken  = "dG9rLUxFQUtDSEVDSy03ZjNlOWIyYzQx"
	leakSecret = "cs-LEAKCHECK-91d0a6e2"
)

// echoing answers every request with its own Authorization header in the
// body, as a hostile or broken proxy might: with status code status, or a
// 200 page that is not JSON.
func echoing(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		if status == http.StatusOK {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html>you sent " + auth + "</html>"))
			return
		}
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{"type": "error.list", "errors": []any{map[string]any{"code": "bad", "message": "not allowed: " + auth}}})
	}
}

func TestTokenAppearsInNoOutput(t *testing.T) {
	t.Parallel()
	_, good := fake(t, fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny, Token: leakToken})
	_, wrong := fake(t, fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny, Token: "another-token-entirely"})
	flaky, flakyURL := fake(t, fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny, Token: leakToken})
	flaky.SetFaults(fakeintercom.Faults{Rate: 0.3, Seed: 5, Kinds: []fakeintercom.Fault{fakeintercom.ServerError, fakeintercom.TooManyRequests, fakeintercom.NonJSONBody, fakeintercom.TruncatedBody}, Match: fakeintercom.PathPrefix("/admins", "/teams", "/me")})
	cfg := func(url string, extra map[string]any) map[string]any {
		c := config(url, map[string]any{"access_token": leakToken, "client_id": "client-LEAKCHECK-id", "client_secret": leakSecret})
		for k, v := range extra {
			c[k] = v
		}
		return c
	}
	small := catalog("full_refresh", "admins", "teams")
	state := []any{map[string]any{"type": "STREAM", "stream": map[string]any{"stream_descriptor": map[string]any{"name": "contacts"}, "stream_state": map[string]any{"updated_at": 1}}}}
	for _, tc := range []struct {
		name  string
		files map[string]any
		args  []string
		echo  bool // the server echoed the token: it must show masked
	}{
		{name: "spec", args: []string{"spec"}},
		{name: "check", files: map[string]any{"config": cfg(good, nil)}, args: []string{"check"}},
		{name: "check refused", files: map[string]any{"config": cfg(wrong, nil)}, args: []string{"check"}},
		{name: "check unreachable", files: map[string]any{"config": cfg("http://127.0.0.1:1", nil)}, args: []string{"check"}},
		{name: "check with faults", files: map[string]any{"config": cfg(flakyURL, nil)}, args: []string{"check"}},
		{name: "check bad start_date", files: map[string]any{"config": cfg(good, map[string]any{"start_date": "soon"})}, args: []string{"check"}},
		{name: "check malformed config", files: map[string]any{"config": []byte(`{"access_token":"` + leakToken + `",`)}, args: []string{"check"}},
		{name: "check token of the wrong type", files: map[string]any{"config": []byte(`{"access_token":["` + leakToken + `"]}`)}, args: []string{"check"}},
		{name: "check echoed 400", files: map[string]any{"config": cfg(serve(t, echoing(http.StatusBadRequest)), nil)}, args: []string{"check"}, echo: true},
		{name: "check echoed 200 page", files: map[string]any{"config": cfg(serve(t, echoing(http.StatusOK)), nil)}, args: []string{"check"}, echo: true},
		{name: "discover", files: map[string]any{"config": cfg(good, nil)}, args: []string{"discover"}},
		{name: "discover bad region", files: map[string]any{"config": cfg(good, map[string]any{"region": "xx"})}, args: []string{"discover"}},
		{name: "read", files: map[string]any{"config": cfg(good, nil), "catalog": bestMode("admins", "contacts", "conversations")}, args: []string{"read"}},
		{name: "read refused", files: map[string]any{"config": cfg(wrong, nil), "catalog": small}, args: []string{"read"}},
		{name: "read with faults", files: map[string]any{"config": cfg(flakyURL, nil), "catalog": small}, args: []string{"read"}},
		{name: "read echoed 400", files: map[string]any{"config": cfg(serve(t, echoing(http.StatusBadRequest)), nil), "catalog": small}, args: []string{"read"}, echo: true},
		{name: "read bad catalog", files: map[string]any{"config": cfg(good, nil), "catalog": []byte(`{`)}, args: []string{"read"}},
		{name: "read bad state", files: map[string]any{"config": cfg(good, nil), "catalog": bestMode("contacts"), "state": []byte(`"` + leakToken + `"`)}, args: []string{"read"}},
		{name: "read with state", files: map[string]any{"config": cfg(good, nil), "catalog": bestMode("contacts"), "state": state}, args: []string{"read"}},
		{name: "read http to a remote host", files: map[string]any{"config": cfg("http://intercom.example.com", nil), "catalog": small}, args: []string{"read"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _, _ := startConnector(t, tc.files, tc.args...).finish(t, 3*time.Minute)
			checkNoSecrets(t, r)
			if tc.echo && !bytes.Contains(r.stdout, []byte("****")) {
				t.Errorf("the echoed token was not shown masked: %s", r.stdout)
			}
		})
	}
	t.Run("read interrupted", func(t *testing.T) {
		p := startConnector(t, map[string]any{"config": cfg(good, nil), "catalog": bestMode("contacts", "conversations", "conversation_parts")}, "read")
		p.await(`"type":"STATE"`, 1, 30*time.Second)
		p.signal(t, syscall.SIGTERM)
		r, _, _ := p.finish(t, 30*time.Second)
		checkNoSecrets(t, r)
	})
}

func checkNoSecrets(t *testing.T, r run) {
	t.Helper()
	noPanic(t, r)
	for _, secret := range []string{leakToken, leakSecret, "Bearer " + leakToken[:8]} {
		if bytes.Contains(r.stdout, []byte(secret)) || bytes.Contains(r.stderr, []byte(secret)) {
			t.Errorf("secret %q leaked:\nstdout %s\nstderr %s", secret[:8], r.stdout, r.stderr)
		}
	}
}

func TestTLSCertificatesAreVerified(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny, Token: token})
	var reached atomic.Int32
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		srv.ServeHTTP(w, r)
	}))
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	ts.StartTLS()
	defer ts.Close()
	r := connector(t, map[string]any{"config": config(ts.URL, nil)}, "check")
	cs := r.ofType("CONNECTION_STATUS")
	if len(cs) != 1 || cs[0]["connectionStatus"].(map[string]any)["status"] != "FAILED" ||
		!strings.Contains(str(cs[0]["connectionStatus"].(map[string]any)["message"]), "certificate") {
		t.Errorf("check against a self-signed certificate: %v", cs)
	}
	start := time.Now()
	r = connector(t, map[string]any{"config": config(ts.URL, nil), "catalog": catalog("full_refresh", "admins")}, "read")
	if r.code != 1 || len(r.errors()) == 0 || !strings.Contains(str(r.errors()[0]["message"]), "certificate") {
		t.Errorf("read against a self-signed certificate: exit %d %v", r.code, r.errors())
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("an untrusted certificate was retried for %s", took)
	}
	if n := reached.Load(); n != 0 {
		t.Errorf("%d requests, with the token, got through an untrusted TLS connection", n)
	}
}

func TestNoCodeDisablesTLSVerification(t *testing.T) {
	t.Parallel()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "..") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte("InsecureSkipVerify")) {
			t.Errorf("%s mentions InsecureSkipVerify", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNextLinksToAnotherHostAreNotFollowed(t *testing.T) {
	t.Parallel()
	srv := fakeintercom.New(fakeintercom.Options{Seed: 1, Size: fakeintercom.Tiny, Token: token})
	var evilHits atomic.Int32
	evil := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { evilHits.Add(1) }))
	// Fin's external pages follow pages.next links: point one at another
	// host.
	url := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ai/external_pages" {
			srv.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"type": "list", "data": []any{},
			"pages": map[string]any{"type": "pages", "next": evil + "/ai/external_pages?page=2", "page": 1, "total_pages": 2}})
	}))
	r := connector(t, map[string]any{"config": config(url, nil), "catalog": catalog("full_refresh", "external_pages", "admins")}, "read")
	if r.code != 1 || len(r.errors()) == 0 || !strings.Contains(str(r.errors()[0]["message"]), "refusing to follow a link") {
		t.Errorf("exit %d %v", r.code, r.errors())
	}
	if st := r.statuses()["admins"]; st[len(st)-1] != "COMPLETE" {
		t.Errorf("admins: %v", st)
	}
	if n := evilHits.Load(); n != 0 {
		t.Errorf("the other host got %d requests", n)
	}
}

func TestTokenPastedIntoAnotherFieldIsNotEchoed(t *testing.T) {
	t.Parallel()
	const secret = "tok-pasted-wrongly-8d2f"
	cfg := map[string]any{"access_token": secret, "start_date": secret, "region": secret}
	for _, args := range [][]string{{"check"}, {"discover"}, {"read"}} {
		files := map[string]any{"config": cfg}
		if args[0] == "read" {
			files["catalog"] = catalog("full_refresh", "admins")
		}
		r := connector(t, files, args...)
		if bytes.Contains(r.stdout, []byte(secret)) || bytes.Contains(r.stderr, []byte(secret)) {
			t.Errorf("%s: the token appears in the output:\n%s", args[0], r.stdout)
		}
		if !bytes.Contains(r.stdout, []byte("start_date")) {
			t.Errorf("%s: the error does not name the field: %s", args[0], r.stdout)
		}
	}
}
