package fakeintercom

import (
	"net/http"
)

// listDataAttributes serves contact and/or company attributes. Intercom
// moved conversation attributes to their own endpoint and answers 422 for
// model=conversation.
func (s *Server) listDataAttributes(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	archived := q.Get("include_archived") == "true"
	var data []record
	switch model := q.Get("model"); model {
	case "contact", "company":
		data = s.dataAttributes(model, archived)
	case "":
		data = append(s.dataAttributes("contact", archived), s.dataAttributes("company", archived)...)
	case "conversation":
		writeError(w, r, http.StatusUnprocessableEntity, "parameter_invalid",
			"model=conversation is no longer supported. Use GET /conversations/attributes instead")
		return
	default:
		badParameter(w, r, "model must be one of contact, company")
		return
	}
	writeJSON(w, http.StatusOK, record{"type": "list", "data": data})
}

func (s *Server) dataAttributes(model string, withArchived bool) []record {
	return filter(s.ws.list("data_attributes"), func(a record) bool {
		return a["model"] == model && (withArchived || a["archived"] == false)
	})
}

func (s *Server) listConversationAttributes(w http.ResponseWriter, r *http.Request) {
	data := s.conversationAttributes(r.URL.Query().Get("include_archived") == "true")
	writeJSON(w, http.StatusOK, record{"type": "list", "data": data})
}

func (s *Server) conversationAttributes(withArchived bool) []record {
	return filter(s.ws.list("conversation_attributes"), func(a record) bool {
		return withArchived || a["archived"] == false
	})
}
