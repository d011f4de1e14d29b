package fakeintercom

import (
	"fmt"
	"strings"
	"time"
)

// isoMillis is how macros spell their times: ISO 8601 in UTC, with
// milliseconds.
const isoMillis = "2006-01-02T15:04:05.000Z"

func isoTime(layout string, unix int64) string { return time.Unix(unix, 0).UTC().Format(layout) }

// buildMacros creates saved replies; some are visible only to teams. A
// body carries its placeholders as Intercom transforms them
// (<attribute key="user.name" default="there"/>), body_text as written
// ({{user.name|fallback:"there"}}).
func (b *builder) buildMacros() {
	g := b.rng("macros")
	ids := g.ids(g.between(100, 900), b.n.macros)
	names := g.names(macroNames(), len(ids))
	spans := g.spans(b.appCreated, len(ids))
	out := make([]record, len(ids))
	for i, id := range ids {
		attr := macroAttributes()[g.IntN(len(macroAttributes()))]
		tag, text := `<attribute key="`+attr[0]+`"/>`, "{{"+attr[0]+"}}"
		if attr[1] != "" {
			tag = `<attribute key="` + attr[0] + `" default="` + attr[1] + `"/>`
			text = "{{" + attr[0] + `|fallback:"` + attr[1] + `"}}`
		}
		line := strings.ToLower(names[i][:1]) + names[i][1:]
		visible, teams := "everyone", []any{}
		if g.chance(0.25) {
			visible = "specific_teams"
			for _, t := range sample(g, b.teams, 1+g.IntN(2)) {
				teams = append(teams, t["id"])
			}
		}
		on := []any{"inbox"}
		if g.chance(0.5) {
			on = append(on, "messenger")
		}
		out[i] = record{
			"type": "macro", "id": idString(id), "name": names[i],
			"body":       "<p>Hi " + tag + ", about your " + line + ": we are on it.</p>",
			"body_text":  "Hi " + text + ", about your " + line + ": we are on it.",
			"created_at": isoTime(isoMillis, spans[i].created), "updated_at": isoTime(isoMillis, spans[i].updated),
			"visible_to": visible, "visible_to_team_ids": teams, "available_on": on,
		}
	}
	b.streams["macros"] = out
}

// buildDataConnectors creates the HTTP actions workflows and Fin call,
// created and last changed by admins. Their times are ISO 8601 strings.
func (b *builder) buildDataConnectors() {
	g := b.rng("data_connectors")
	ids := g.ids(g.between(10_000, 90_000), b.n.dataConnectors)
	defs := connectorNames()
	deal := g.deal(len(defs), len(ids))
	spans := g.spans(b.appCreated, len(ids))
	out := make([]record, len(ids))
	for i, id := range ids {
		d := defs[deal[i].i]
		var desc any = d[1]
		if g.chance(0.2) {
			desc = nil
		}
		out[i] = record{
			"type": "data_connector", "id": idString(id), "name": d[0] + deal[i].suffix(), "description": desc,
			"state": g.pick([]string{"live", "live", "draft"}), "http_method": g.pick([]string{"get", "get", "post", "put", "patch", "delete"}),
			"direct_fin_usage":    g.chance(0.3),
			"created_by_admin_id": b.admins[g.IntN(len(b.admins))]["id"], "updated_by_admin_id": b.admins[g.IntN(len(b.admins))]["id"],
			"created_at": isoTime(time.RFC3339, spans[i].created), "updated_at": isoTime(time.RFC3339, spans[i].updated),
			"execution_results_url": "/data_connectors/" + idString(id) + "/execution_results",
		}
	}
	b.streams["data_connectors"] = out
}

// buildCalls creates phone calls, each in one of the conversations with
// its contact and the admin who took it. A call that was not answered has
// no answered_at and no recording.
func (b *builder) buildCalls() {
	g := b.rng("calls")
	ids := g.ids(g.between(1_000, 9_000), b.n.calls)
	out := make([]record, len(ids))
	for i, id := range ids {
		c := b.conversations[g.IntN(len(b.conversations))]
		contact := c["contacts"].(record)["contacts"].([]any)[0].(record)
		initiated := asInt(c["created_at"])
		inbound := g.chance(0.7)
		answered := g.chance(0.8)
		state, reason := "completed", any("completed")
		ended := initiated + g.between(20, 90)
		call := record{
			"type": "call", "id": idString(id), "conversation_id": c["id"], "admin_id": idString(asInt(c["admin_assignee_id"])),
			"contact_id": contact["id"], "initiated_at": initiated, "created_at": initiated,
			"recording_url": nil, "transcription_url": nil, "fin_recording_url": nil, "fin_transcription_url": nil,
			"call_type": g.pick([]string{"phone", "phone", "messenger"}), "direction": map[bool]string{true: "inbound", false: "outbound"}[inbound],
			"phone": fmt.Sprintf("+1555%07d", g.between(0, 9_999_999)),
		}
		if answered {
			at := initiated + g.between(3, 40)
			ended = at + g.between(60, 1800)
			call["answered_at"] = at
			if g.chance(0.7) {
				call["recording_url"] = "https://api.intercom.io/calls/" + idString(id) + "/recording"
				call["transcription_url"] = "https://api.intercom.io/calls/" + idString(id) + "/transcript"
			}
		} else {
			state, reason = "missed", g.pick([]string{"no_answer", "caller_hung_up", "busy"})
			if inbound {
				call["admin_id"] = nil // no one took it
			}
		}
		if g.chance(0.1) {
			call["fin_recording_url"] = "https://api.intercom.io/calls/" + idString(id) + "/fin_recording"
			call["fin_transcription_url"] = "https://api.intercom.io/calls/" + idString(id) + "/fin_transcript"
		}
		if g.chance(0.05) {
			call["phone"] = nil
		}
		call["state"], call["ended_reason"] = state, reason
		call["ended_at"], call["updated_at"] = ended, ended+g.between(0, 120)
		out[i] = call
	}
	b.streams["calls"] = out
}
