package fakeintercom

// setDevice fills the browser fields for contacts that were seen, and the
// iOS and Android fields for the few that use the mobile apps.
func setDevice(g rng, c record, seen bool, created, updated int64) {
	c["browser"], c["browser_version"], c["browser_language"], c["os"] = nil, nil, nil, nil
	if seen {
		br := browsers()[g.IntN(len(browsers()))]
		c["browser"], c["browser_version"] = br[0], br[1]
		c["browser_language"] = g.pick([]string{"en-US", "en-GB", "fr-FR", "de-DE", "es-ES"})
		c["os"] = g.pick(operatingSystems())
	}
	setApp(g, c, "ios_", seen && g.chance(0.12), created, updated,
		[]string{"iPhone15,2", "iPhone16,1", "iPad13,4"}, "18.1")
	setApp(g, c, "android_", seen && g.chance(0.1), created, updated,
		[]string{"Pixel 8", "Galaxy S24", "OnePlus 12"}, "15")
}

// setApp sets the six mobile app fields with prefix, or nulls them.
func setApp(g rng, c record, prefix string, uses bool, created, updated int64, devices []string, osVersion string) {
	keys := []string{"app_name", "app_version", "device", "os_version", "sdk_version", "last_seen_at"}
	if !uses {
		for _, k := range keys {
			c[prefix+k] = nil
		}
		return
	}
	c[prefix+"app_name"] = "Acme"
	c[prefix+"app_version"] = g.pick([]string{"5.2.0", "5.3.1", "5.4.0"})
	c[prefix+"device"] = g.pick(devices)
	c[prefix+"os_version"] = osVersion
	c[prefix+"sdk_version"] = g.pick([]string{"17.1.0", "17.2.2"})
	c[prefix+"last_seen_at"] = g.between(created, updated)
}
