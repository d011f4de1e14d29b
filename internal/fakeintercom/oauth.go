package fakeintercom

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"sync"
)

// Intercom's OAuth flow, as its Developer Hub documents it ("Setting up
// OAuth"): the user consents at app.intercom.com/a/oauth/connect with the
// app's client_id, a state and the redirect_uri; Intercom redirects to
// redirect_uri with code and state; the app trades the code for a token at
// POST api.intercom.io/auth/eagle/token with code, client_id and
// client_secret (as query or form parameters). The token is long-lived:
// there is no refresh token.
//
// The fake serves both on its one address and consents at once, as if the
// workspace's admin clicked "Authorize". Its token is Options.Token.
const (
	oauthConnectPath = "/a/oauth/connect"
	oauthTokenPath   = "/auth/eagle/token"
)

// oauthCodes are issued authorization codes, each for one client and usable once.
type oauthCodes struct {
	mu    sync.Mutex
	codes map[string]string // code → client_id
}

func (c *oauthCodes) issue(clientID string) string {
	b := make([]byte, 16)
	rand.Read(b)
	code := hex.EncodeToString(b)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.codes == nil {
		c.codes = map[string]string{}
	}
	c.codes[code] = clientID
	return code
}

// redeem consumes code if it was issued to clientID.
func (c *oauthCodes) redeem(code, clientID string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if owner, ok := c.codes[code]; ok && owner == clientID {
		delete(c.codes, code)
		return true
	}
	return false
}

// serveOAuth answers the two OAuth endpoints, which take no bearer token,
// and reports whether r was one of them.
func (s *Server) serveOAuth(w http.ResponseWriter, r *http.Request) bool {
	switch r.URL.Path {
	case oauthConnectPath:
		s.oauthConnect(w, r)
	case oauthTokenPath:
		s.oauthToken(w, r)
	default:
		return false
	}
	return true
}

func (s *Server) oauthConnect(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		notFound(w, r)
		return
	}
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	switch {
	case q.Get("client_id") != s.opts.OAuthClientID:
		badParameter(w, r, "client_id is not the id of an app")
		return
	case q.Get("redirect_uri") == "" || err != nil || !redirect.IsAbs():
		badParameter(w, r, "redirect_uri must be an absolute URL")
		return
	}
	back := redirect.Query()
	back.Set("code", s.oauth.issue(q.Get("client_id")))
	if st := q.Get("state"); st != "" {
		back.Set("state", st)
	}
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

func (s *Server) oauthToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		notFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil { // query and form body
		badParameter(w, r, "unreadable parameters")
		return
	}
	id, secret, code := r.Form.Get("client_id"), r.Form.Get("client_secret"), r.Form.Get("code")
	if id != s.opts.OAuthClientID || secret != s.opts.OAuthClientSecret {
		writeError(w, r, http.StatusUnauthorized, "unauthorized", "client_id or client_secret is wrong")
		return
	}
	if !s.oauth.redeem(code, id) {
		badParameter(w, r, "code is unknown, used or issued to another app")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{
		"token_type":   "Bearer",
		"token":        s.opts.Token,
		"access_token": s.opts.Token,
	})
}
