package protocoltest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSchemaPathFindsSharedReference(t *testing.T) {
	p, err := SchemaPath()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	// The validator relies on draft-07 semantics (format asserted, integers by value).
	if !strings.Contains(string(raw), "http://json-schema.org/draft-07/schema#") {
		t.Errorf("%s no longer declares draft-07", p)
	}
}

func TestSchemaPathOverride(t *testing.T) {
	file := filepath.Join(t.TempDir(), "protocol.yaml")
	if err := os.WriteFile(file, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvSchemaPath, file)
	if got, err := SchemaPath(); err != nil || got != file {
		t.Fatalf("SchemaPath() = %q, %v; want %q", got, err, file)
	}
	t.Setenv(EnvSchemaPath, file+".missing")
	if _, err := SchemaPath(); err == nil {
		t.Fatal("missing override accepted")
	}
}

func TestSchemaPathWalksUp(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "repo")
	deep := filepath.Join(root, "a", "b")
	ref := filepath.Join(base, "shared", "reference")
	for _, d := range []string{deep, ref} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{filepath.Join(root, "go.mod"), filepath.Join(ref, "airbyte_protocol.yaml")} {
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got, err := schemaPath("", deep)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(ref, "airbyte_protocol.yaml"); got != want {
		t.Errorf("schemaPath = %q, want %q", got, want)
	}
}

func TestSchemaPathNoModule(t *testing.T) {
	dir := t.TempDir()
	if _, err := moduleRoot(dir); err == nil {
		t.Skip("temporary directory lies inside a module")
	}
	if _, err := schemaPath("", dir); err == nil || !strings.Contains(err.Error(), EnvSchemaPath) {
		t.Fatalf("error = %v, want one pointing at %s", err, EnvSchemaPath)
	}
}
