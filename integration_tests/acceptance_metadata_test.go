package integration_tests

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	sourceconfig "github.com/intercom-connector/source-intercom/source/config"
	"github.com/intercom-connector/source-intercom/source/streams"
)

// metadata is the part of metadata.yaml the tests compare with the rest.
type metadata struct {
	MetadataSpecVersion string `json:"metadataSpecVersion"`
	Data                struct {
		Name             string   `json:"name"`
		DefinitionID     string   `json:"definitionId"`
		ConnectorType    string   `json:"connectorType"`
		ConnectorSubtype string   `json:"connectorSubtype"`
		DockerRepository string   `json:"dockerRepository"`
		DockerImageTag   string   `json:"dockerImageTag"`
		DocumentationURL string   `json:"documentationUrl"`
		License          string   `json:"license"`
		Tags             []string `json:"tags"`
		AllowedHosts     struct {
			Hosts []string `json:"hosts"`
		} `json:"allowedHosts"`
		SuggestedStreams struct {
			Streams []string `json:"streams"`
		} `json:"suggestedStreams"`
		Icon                      string `json:"icon"`
		ReleaseDate               string `json:"releaseDate"`
		ProtocolVersion           string `json:"protocolVersion"`
		MaxSecondsBetweenMessages int    `json:"maxSecondsBetweenMessages"`
		ExternalDocumentationURLs []struct {
			Title string `json:"title"`
			URL   string `json:"url"`
			Type  string `json:"type"`
		} `json:"externalDocumentationUrls"`
		RegistryOverrides map[string]struct {
			Enabled bool `json:"enabled"`
		} `json:"registryOverrides"`
	} `json:"data"`
}

// loadMetadata reads metadata.yaml after checking it against Airbyte's
// connector metadata model (metadataModel).
func loadMetadata(t *testing.T) metadata {
	t.Helper()
	raw, err := os.ReadFile("../metadata.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := metadataErrors(metadataModel(t), raw); err != nil {
		t.Fatalf("metadata.yaml is not valid connector metadata: %v", err)
	}
	var m metadata
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestMetadataAgreesWithConnector checks metadata.yaml against what the
// connector does: a Go API source reaching exactly the regional Intercom
// hosts, documented where its spec says, suggesting streams it has, and
// published under the image the acceptance tests run.
func TestMetadataAgreesWithConnector(t *testing.T) {
	t.Parallel()
	md := loadMetadata(t).Data
	if md.ConnectorType != "source" || md.ConnectorSubtype != "api" {
		t.Errorf("connectorType %q, connectorSubtype %q; want source, api", md.ConnectorType, md.ConnectorSubtype)
	}
	if md.License != "MIT" || !slices.Contains(md.Tags, "language:go") {
		t.Errorf("license %q, tags %v; want MIT and language:go", md.License, md.Tags)
	}
	var hosts []string
	for _, region := range []string{"us", "eu", "au"} {
		u, err := intercom.RegionURL(region)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := url.Parse(u)
		hosts = append(hosts, p.Hostname())
	}
	if got := slices.Sorted(slices.Values(md.AllowedHosts.Hosts)); !slices.Equal(got, slices.Sorted(slices.Values(hosts))) {
		t.Errorf("allowedHosts %v, want the regional API hosts %v", md.AllowedHosts.Hosts, hosts)
	}
	if md.DocumentationURL != sourceconfig.DocumentationURL {
		t.Errorf("documentationUrl %q, the spec says %q", md.DocumentationURL, sourceconfig.DocumentationURL)
	}
	if len(md.SuggestedStreams.Streams) == 0 {
		t.Error("no suggestedStreams")
	}
	for _, s := range md.SuggestedStreams.Streams {
		if _, ok := streams.Lookup(s); !ok {
			t.Errorf("suggested stream %q does not exist", s)
		}
	}
	if repo := loadCATConfig(t).imageRepository(); repo != md.DockerRepository {
		t.Errorf("acceptance-test-config.yml tests image %q, metadata.yaml publishes %q", repo, md.DockerRepository)
	}
	if v := protocolSchemaVersion(t); md.ProtocolVersion != v {
		t.Errorf("protocolVersion %q, but the connector is tested against protocol %s", md.ProtocolVersion, v)
	}
	// RetryOptions' defaults: a request attempt and a backoff of at most
	// 60 s each, the longest the connector waits without writing.
	if md.MaxSecondsBetweenMessages < 120 {
		t.Errorf("maxSecondsBetweenMessages %d is shorter than one request attempt plus one backoff (120 s)", md.MaxSecondsBetweenMessages)
	}
	if d, err := time.Parse(time.DateOnly, md.ReleaseDate); err != nil || d.After(time.Now()) {
		t.Errorf("releaseDate %q is not a past date: %v", md.ReleaseDate, err)
	}
	// Self-managed Airbyte can add the image; Airbyte Cloud runs only
	// connectors of its own registry.
	if r := md.RegistryOverrides; !r["oss"].Enabled || r["cloud"].Enabled {
		t.Errorf("registryOverrides %+v, want oss enabled and cloud disabled", r)
	}
	types := map[string]bool{}
	for _, d := range md.ExternalDocumentationURLs {
		types[d.Type] = true
		if u, err := url.Parse(d.URL); err != nil || u.Scheme != "https" || !intercomSite(u.Hostname()) {
			t.Errorf("externalDocumentationUrls %q is not an https page of Intercom's", d.URL)
		}
	}
	for _, want := range []string{"api_reference", "rate_limits", "api_release_history"} {
		if !types[want] {
			t.Errorf("externalDocumentationUrls has no %s link", want)
		}
	}
	checkIcon(t, "../"+md.Icon)
}

// intercomSite reports whether host is one of Intercom's own sites.
func intercomSite(host string) bool {
	for _, d := range []string{"intercom.com", "intercom.io", "intercomstatus.com"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// protocolSchemaVersion is the version of the vendored Airbyte protocol
// schema that every message of the tests is validated against.
func protocolSchemaVersion(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile("../internal/protocoltest/airbyte_protocol.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Version string `json:"version"`
	}
	if err := yaml.Unmarshal(raw, &s); err != nil || s.Version == "" {
		t.Fatalf("airbyte_protocol.yaml has no version: %v", err)
	}
	return s.Version
}

// checkIcon wants the icon metadata.yaml names to be a small, self-contained
// SVG: what Airbyte's registry serves and its UI draws.
func checkIcon(t *testing.T, path string) {
	t.Helper()
	if filepath.Ext(path) != ".svg" {
		t.Fatalf("icon %s is not an SVG file", path)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) > 16<<10 {
		t.Errorf("icon %s has %d bytes; keep it under 16 KiB", path, len(raw))
	}
	dec := xml.NewDecoder(bytes.NewReader(raw))
	first := true
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("icon %s is not well-formed XML: %v", path, err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if first {
			first = false
			if el.Name.Space != "http://www.w3.org/2000/svg" || el.Name.Local != "svg" || attr(el, "viewBox") == "" {
				t.Errorf("icon %s: root element %v, want an SVG <svg> with a viewBox", path, el.Name)
			}
		}
		switch el.Name.Local {
		case "script", "image", "foreignObject":
			t.Errorf("icon %s has a <%s> element: an icon must draw itself", path, el.Name.Local)
		}
		if h := attr(el, "href"); h != "" && !strings.HasPrefix(h, "#") {
			t.Errorf("icon %s refers to %s outside itself", path, h)
		}
	}
	if first {
		t.Errorf("icon %s has no element", path)
	}
}

// attr is an element's attribute by local name, "" if absent.
func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// TestDocsCoverConnector checks that the user documentation the spec links
// to exists in this repository, has a row for every stream with its sync
// modes and keys, and a changelog entry for the published version.
func TestDocsCoverConnector(t *testing.T) {
	t.Parallel()
	const prefix = "https://github.com/intercom-connector/source-intercom/blob/main/"
	if !strings.HasPrefix(sourceconfig.DocumentationURL, prefix) {
		t.Fatalf("documentationUrl %q is not a page of this repository", sourceconfig.DocumentationURL)
	}
	b, err := os.ReadFile("../" + strings.TrimPrefix(sourceconfig.DocumentationURL, prefix))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, s := range streams.All() {
		row := streamRow(doc, s.Name)
		if row == "" {
			t.Errorf("docs have no table row for stream %s", s.Name)
			continue
		}
		want := []string{"full refresh"}
		if s.Cursor != "" {
			want = append(want, "incremental", "`"+s.Cursor+"`")
		}
		for _, k := range s.PrimaryKey {
			want = append(want, "`"+strings.Join(k, ".")+"`")
		}
		for _, w := range want {
			if !strings.Contains(row, w) {
				t.Errorf("docs row of %s lacks %s: %s", s.Name, w, row)
			}
		}
		if s.Cursor == "" && strings.Contains(row, "incremental") {
			t.Errorf("docs row of %s says incremental, but it is full refresh only: %s", s.Name, row)
		}
	}
	tag := loadMetadata(t).Data.DockerImageTag
	if !strings.Contains(doc, fmt.Sprintf("| %s ", tag)) {
		t.Errorf("docs changelog has no row for version %s", tag)
	}
}

// streamRow finds the table row that starts with the stream's name.
func streamRow(doc, name string) string {
	for line := range strings.SplitSeq(doc, "\n") {
		if strings.HasPrefix(line, "| `"+name+"` |") {
			return line
		}
	}
	return ""
}
