package fakeintercom

import "slices"

// knownVersion reports whether Intercom accepts v as an Intercom-Version
// header. The list mirrors the intercom_version enum of the 2.16
// description, plus "Unstable", which Intercom also serves.
func knownVersion(v string) bool {
	return slices.Contains([]string{
		"1.0", "1.1", "1.2", "1.3", "1.4",
		"2.0", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8",
		"2.9", "2.10", "2.11", "2.12", "2.13", "2.14", "2.15", "2.16",
		"Unstable",
	}, v)
}
