package fakeintercom

import "strings"

// customAttrs returns the live custom data attributes of model, so that
// contacts and companies carry values for exactly the attributes the
// workspace defines.
func (b *builder) customAttrs(model string) []record {
	var out []record
	for _, a := range b.streams["data_attributes"] {
		if a["model"] == model && a["custom"] == true && a["archived"] == false {
			out = append(out, a)
		}
	}
	return out
}

// customValues gives a record values for up to eight of the attributes;
// most records leave most attributes unset.
func customValues(g rng, attrs []record) record {
	out := record{}
	for _, i := range pickK(g, len(attrs), g.IntN(9)) {
		out[attrs[i]["name"].(string)] = customValue(g, attrs[i])
	}
	return out
}

func customValue(g rng, a record) any {
	switch a["data_type"] {
	case "integer":
		return g.between(0, 500)
	case "float":
		return float64(g.between(0, 5_000_000)) / 100
	case "boolean":
		return g.chance(0.5)
	case "date":
		return dataEpoch + g.between(-400, 400)*day
	}
	if opts, ok := a["options"].([]any); ok && len(opts) > 0 {
		return opts[g.IntN(len(opts))]
	}
	name := a["name"].(string)
	if strings.Contains(name, "manager") {
		return g.pick(firstNames()) + " " + g.pick(lastNames())
	}
	return strings.ToUpper(name[:min(3, len(name))]) + "-" + idString(g.between(10_000, 99_999))
}
