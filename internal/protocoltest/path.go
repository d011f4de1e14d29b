// Package protocoltest checks connector output against the official Airbyte
// protocol schema, so tests catch messages the platform would reject or
// misread.
package protocoltest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// EnvSchemaPath overrides where the protocol schema is read from.
const EnvSchemaPath = "AIRBYTE_PROTOCOL_SCHEMA"

// SchemaPath locates airbyte_protocol.yaml: the file named by
// AIRBYTE_PROTOCOL_SCHEMA if set, otherwise ../shared/reference/ relative to
// the module root found by walking up from the working directory. The schema
// lives outside the module so it is shared, not vendored.
func SchemaPath() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("protocol schema: %w", err)
	}
	return schemaPath(os.Getenv(EnvSchemaPath), wd)
}

func schemaPath(override, wd string) (string, error) {
	if override != "" {
		if _, err := os.Stat(override); err != nil {
			return "", fmt.Errorf("protocol schema from %s: %w", EnvSchemaPath, err)
		}
		return override, nil
	}
	root, err := moduleRoot(wd)
	if err != nil {
		return "", err
	}
	p := filepath.Join(root, "..", "shared", "reference", "airbyte_protocol.yaml")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("protocol schema not found next to module root (set %s): %w", EnvSchemaPath, err)
	}
	return p, nil
}

// moduleRoot returns the nearest directory at or above dir holding go.mod.
func moduleRoot(dir string) (string, error) {
	for {
		_, err := os.Stat(filepath.Join(dir, "go.mod"))
		if err == nil {
			return dir, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("find module root: %w", err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("find module root: no go.mod above working directory (set %s)", EnvSchemaPath)
		}
		dir = parent
	}
}
