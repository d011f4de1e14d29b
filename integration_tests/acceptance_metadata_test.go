package integration_tests

import (
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"sigs.k8s.io/yaml"

	"github.com/intercom-connector/source-intercom/source"
	"github.com/intercom-connector/source-intercom/internal/intercom"
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
	} `json:"data"`
}

// metadataSchema is the shape of Airbyte's connector metadata (version
// 1.0) as far as this connector uses it: the required fields, their
// allowed values, and no field Airbyte's registry would not know.
const metadataSchema = `{
  "type": "object",
  "required": ["metadataSpecVersion", "data"],
  "additionalProperties": false,
  "properties": {
    "metadataSpecVersion": {"const": "1.0"},
    "data": {
      "type": "object",
      "required": ["name", "definitionId", "connectorType", "dockerRepository", "dockerImageTag", "license",
                   "documentationUrl", "githubIssueLabel", "connectorSubtype", "releaseStage"],
      "additionalProperties": false,
      "properties": {
        "name": {"type": "string", "minLength": 1},
        "icon": {"type": "string"},
        "definitionId": {"type": "string", "format": "uuid"},
        "connectorType": {"enum": ["source", "destination"]},
        "connectorSubtype": {"enum": ["api", "database", "datalake", "file", "custom", "message_queue", "unknown", "vectorstore"]},
        "dockerRepository": {"type": "string", "pattern": "^[a-z0-9._/-]+$"},
        "dockerImageTag": {"type": "string", "pattern": "^[0-9]+\\.[0-9]+\\.[0-9]+$"},
        "license": {"type": "string"},
        "documentationUrl": {"type": "string", "format": "uri"},
        "githubIssueLabel": {"type": "string"},
        "releaseDate": {"type": "string", "format": "date"},
        "releaseStage": {"enum": ["alpha", "beta", "generally_available", "custom"]},
        "supportLevel": {"enum": ["community", "certified", "archived"]},
        "protocolVersion": {"type": "string"},
        "maxSecondsBetweenMessages": {"type": "integer"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "allowedHosts": {
          "type": "object", "additionalProperties": false,
          "properties": {"hosts": {"type": "array", "items": {"type": "string"}}}
        },
        "suggestedStreams": {
          "type": "object", "additionalProperties": false,
          "properties": {"streams": {"type": "array", "items": {"type": "string"}}}
        },
        "registries": {
          "type": "object", "additionalProperties": false,
          "properties": {
            "oss": {"$ref": "#/definitions/registry"},
            "cloud": {"$ref": "#/definitions/registry"}
          }
        },
        "ab_internal": {
          "type": "object", "additionalProperties": false,
          "properties": {
            "sl": {"enum": [0, 100, 200, 300]},
            "ql": {"enum": [0, 100, 200, 300, 400, 500, 600]},
            "isEnterprise": {"type": "boolean"},
            "requireVersionIncrementsInPullRequests": {"type": "boolean"}
          }
        }
      }
    }
  },
  "definitions": {
    "registry": {
      "type": "object", "required": ["enabled"],
      "properties": {"enabled": {"type": "boolean"}}
    }
  }
}`

// loadMetadata reads metadata.yaml after checking it against metadataSchema.
func loadMetadata(t *testing.T) metadata {
	t.Helper()
	raw, err := os.ReadFile("../metadata.yaml")
	if err != nil {
		t.Fatal(err)
	}
	js, err := yaml.YAMLToJSON(raw)
	if err != nil {
		t.Fatalf("metadata.yaml: %v", err)
	}
	doc, err := decodeExact(js)
	if err != nil {
		t.Fatal(err)
	}
	schemaDoc, err := decodeExact([]byte(metadataSchema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	c.AssertFormat()
	if err := c.AddResource("mem:///metadata.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("mem:///metadata.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
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
	if md.DocumentationURL != source.DocumentationURL {
		t.Errorf("documentationUrl %q, the spec says %q", md.DocumentationURL, source.DocumentationURL)
	}
	if len(md.SuggestedStreams.Streams) == 0 {
		t.Error("no suggestedStreams")
	}
	for _, s := range md.SuggestedStreams.Streams {
		if _, ok := source.Lookup(s); !ok {
			t.Errorf("suggested stream %q does not exist", s)
		}
	}
	if repo := loadCATConfig(t).imageRepository(); repo != md.DockerRepository {
		t.Errorf("acceptance-test-config.yml tests image %q, metadata.yaml publishes %q", repo, md.DockerRepository)
	}
}

// TestDocsCoverConnector checks that the user documentation the spec links
// to exists in this repository, has a row for every stream with its sync
// modes and keys, and a changelog entry for the published version.
func TestDocsCoverConnector(t *testing.T) {
	const prefix = "https://github.com/intercom-connector/source-intercom/blob/main/"
	if !strings.HasPrefix(source.DocumentationURL, prefix) {
		t.Fatalf("documentationUrl %q is not a page of this repository", source.DocumentationURL)
	}
	b, err := os.ReadFile("../" + strings.TrimPrefix(source.DocumentationURL, prefix))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, s := range source.All() {
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
