package fakeintercom

import "net/http"

// getMe serves the admin the token belongs to, with its app.
func (s *Server) getMe(w http.ResponseWriter, r *http.Request) {
	_, me := s.ws.identity()
	writeJSON(w, http.StatusOK, versioned(r, "admins", []record{me})[0])
}

// listAdmins includes avatars only when display_avatar=true, as Intercom
// does.
func (s *Server) listAdmins(w http.ResponseWriter, r *http.Request) {
	admins := versioned(r, "admins", s.admins(r.URL.Query().Get("display_avatar") == "true"))
	writeJSON(w, http.StatusOK, record{"type": "admin.list", "admins": admins})
}

func (s *Server) admins(withAvatar bool) []record {
	rs := s.ws.list("admins")
	if withAvatar {
		return rs
	}
	for i, a := range rs {
		rs[i] = without(a, "avatar")
	}
	return rs
}

func (s *Server) listTeams(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, record{"type": "team.list", "teams": s.ws.list("teams")})
}
