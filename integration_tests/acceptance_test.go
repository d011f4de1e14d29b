package integration_tests

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
)

// update rewrites the package's generated fixtures (expected_records.jsonl).
var update = flag.Bool("update", false, "rewrite integration_tests/expected_records.jsonl from the fixture workspace")

// The fixture workspace is the fake Intercom with a fixed seed, size and
// clock: every read of it gives the same records and states, so the
// expected records can be committed.
const fixtureSeed = 6

var fixtureNow = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)

// TestAcceptance runs the Connector Acceptance Test suite that
// acceptance-test-config.yml configures, against the built binary and the
// fixture workspace. Configs point at the fake through their api_url,
// which holds a placeholder in the committed files and is replaced by the
// fake's address at run time. Refresh the expected records with:
//
//	go test ./integration_tests -run Acceptance -update
func TestAcceptance(t *testing.T) {
	t.Parallel()
	s := &suite{cat: loadCATConfig(t)}
	s.token = s.fixtureToken(t)
	a := s.cat.AcceptanceTests
	for _, st := range a.Spec.Tests {
		t.Run("spec/"+filepath.Base(st.SpecPath), func(t *testing.T) { s.spec(t, st) })
	}
	for _, ct := range a.Connection.Tests {
		t.Run("connection/"+ct.Status+"/"+filepath.Base(ct.ConfigPath), func(t *testing.T) { s.connection(t, ct) })
	}
	for _, dt := range a.Discovery.Tests {
		t.Run("discovery/"+filepath.Base(dt.ConfigPath), func(t *testing.T) { s.discovery(t, dt) })
	}
	for _, bt := range a.BasicRead.Tests {
		catalog := "discovered"
		if bt.ConfiguredCatalogPath != "" {
			catalog = filepath.Base(bt.ConfiguredCatalogPath)
		}
		t.Run("basic_read/"+catalog, func(t *testing.T) { s.basicRead(t, bt) })
	}
	for _, ft := range a.FullRefresh.Tests {
		t.Run("full_refresh/"+filepath.Base(ft.ConfiguredCatalogPath), func(t *testing.T) { s.fullRefresh(t, ft) })
	}
	for _, it := range a.Incremental.Tests {
		t.Run("incremental/"+filepath.Base(it.ConfiguredCatalogPath), func(t *testing.T) { s.incremental(t, it) })
	}
}

// suite holds what the acceptance checks share.
type suite struct {
	cat *catConfig
	// token is the one the fixture workspace accepts: the access_token of
	// the config whose connection check must succeed.
	token string
}

func (s *suite) fixtureToken(t *testing.T) string {
	t.Helper()
	for _, ct := range s.cat.AcceptanceTests.Connection.Tests {
		if ct.Status == "succeed" {
			var c struct {
				AccessToken string `json:"access_token"`
			}
			if err := json.Unmarshal(s.read(t, ct.ConfigPath), &c); err != nil || c.AccessToken == "" {
				t.Fatalf("%s has no access_token: %v", ct.ConfigPath, err)
			}
			return c.AccessToken
		}
	}
	t.Fatal("no connection test succeeds: cannot tell which token the fixture workspace accepts")
	return ""
}

// read reads a file named in acceptance-test-config.yml.
func (s *suite) read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(s.cat.path(path))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// workspace starts a fresh fixture workspace.
func (s *suite) workspace(t *testing.T) (*fakeintercom.Server, string) {
	t.Helper()
	return fake(t, fakeintercom.Options{
		Seed:  fixtureSeed,
		Size:  fakeintercom.Tiny,
		Token: s.token,
		Clock: fakeintercom.NewClock(fixtureNow).Now,
	})
}

// config reads a config file and points it at the fake at url. A config
// without api_url would call the real Intercom, so it is refused.
func (s *suite) config(t *testing.T, path, url string) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(s.read(t, path), &c); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if _, ok := c["api_url"]; !ok {
		t.Fatalf("%s has no api_url placeholder: the suite would call the real Intercom", path)
	}
	c["api_url"] = url
	return c
}

// catalogFile reads a configured catalog.
func (s *suite) catalogFile(t *testing.T, path string) configuredCatalog {
	t.Helper()
	var c configuredCatalog
	if err := json.Unmarshal(s.read(t, path), &c); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c
}

type configuredCatalog struct {
	Streams []configuredStream `json:"streams"`
}

type configuredStream struct {
	Stream              discoveredStream `json:"stream"`
	SyncMode            string           `json:"sync_mode"`
	DestinationSyncMode string           `json:"destination_sync_mode"`
	CursorField         []string         `json:"cursor_field,omitempty"`
	PrimaryKey          [][]string       `json:"primary_key,omitempty"`
}

func (c configuredCatalog) names() []string {
	var out []string
	for _, cs := range c.Streams {
		out = append(out, cs.Stream.Name)
	}
	return out
}

// only keeps the named streams.
func (c configuredCatalog) only(names ...string) configuredCatalog {
	var out configuredCatalog
	for _, cs := range c.Streams {
		if slices.Contains(names, cs.Stream.Name) {
			out.Streams = append(out.Streams, cs)
		}
	}
	return out
}

// discoveredStream is a stream as discover describes it.
type discoveredStream struct {
	Name                    string          `json:"name"`
	JSONSchema              json.RawMessage `json:"json_schema"`
	SupportedSyncModes      []string        `json:"supported_sync_modes"`
	SourceDefinedCursor     bool            `json:"source_defined_cursor,omitempty"`
	DefaultCursorField      []string        `json:"default_cursor_field,omitempty"`
	SourceDefinedPrimaryKey [][]string      `json:"source_defined_primary_key,omitempty"`
	IsResumable             bool            `json:"is_resumable,omitempty"`
}

// discover runs discover with a config against a fresh workspace and
// returns the catalog's streams.
func (s *suite) discover(t *testing.T, configPath string) []discoveredStream {
	t.Helper()
	_, url := s.workspace(t)
	r := connector(t, map[string]any{"config": s.config(t, configPath, url)}, "discover")
	if r.code != 0 {
		t.Fatalf("discover exit %d: %v\nstderr: %s", r.code, r.errors(), r.stderr)
	}
	lines := rawLines(r, "CATALOG")
	if len(lines) != 1 {
		t.Fatalf("discover wrote %d CATALOG messages, want 1", len(lines))
	}
	var m struct {
		Catalog struct {
			Streams []discoveredStream `json:"streams"`
		} `json:"catalog"`
	}
	if err := json.Unmarshal(lines[0], &m); err != nil {
		t.Fatal(err)
	}
	return m.Catalog.Streams
}

// rawLines returns the stdout lines of r whose message type is typ, as written.
func rawLines(r run, typ string) [][]byte {
	var out [][]byte
	sc := bufio.NewScanner(bytes.NewReader(r.stdout))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var m struct {
			Type string `json:"type"`
		}
		if json.Unmarshal(sc.Bytes(), &m) == nil && m.Type == typ {
			out = append(out, slices.Clone(sc.Bytes()))
		}
	}
	return out
}

// readOK runs read and fails the test unless it exits 0.
func readOK(t *testing.T, files map[string]any) (run, readOutput) {
	t.Helper()
	r := connector(t, files, "read")
	if r.code != 0 {
		t.Fatalf("read exit %d: %v\nstderr: %s", r.code, r.errors(), r.stderr)
	}
	out, err := parseOutput(r)
	if err != nil {
		t.Fatal(err)
	}
	return r, out
}
