package fakeintercom

import (
	"net/http"
	"regexp"
	"testing"
)

func TestAuthRejectsMissingOrWrongToken(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for name, auth := range map[string]string{
		"missing": "", "wrong": "Bearer nope", "basic": "Basic " + testToken, "empty bearer": "Bearer ",
	} {
		t.Run(name, func(t *testing.T) {
			rec := call(t, s, http.MethodGet, "/admins", "Authorization", auth)
			body := wantError(t, rec, http.StatusUnauthorized, "unauthorized")
			if got := items(t, body, "errors")[0]["message"]; got != "Access Token Invalid" {
				t.Errorf("message = %v", got)
			}
			if len(body) != 3 || !uuid.MatchString(body["request_id"].(string)) {
				t.Errorf("body = %v, want exactly type, request_id (uuid), errors", body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
}

func TestAuthAcceptsConfiguredToken(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1, Token: "secret"})
	if rec := call(t, s, http.MethodGet, "/me", "Authorization", "Bearer secret"); rec.Code != http.StatusOK {
		t.Fatalf("status = %d", rec.Code)
	}
	if rec := call(t, s, http.MethodGet, "/me"); rec.Code != http.StatusUnauthorized {
		t.Fatalf("default token accepted after override: %d", rec.Code)
	}
}

func TestLimitedTokenIsForbiddenOutsideItsScopes(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1, LimitedToken: "limited", LimitedScopes: []string{ScopeReadTags}})
	auth := "Bearer limited"
	if rec := call(t, s, http.MethodGet, "/me", "Authorization", auth); rec.Code != http.StatusOK {
		t.Errorf("/me status = %d, want 200 for any valid token", rec.Code)
	}
	if rec := call(t, s, http.MethodGet, "/tags", "Authorization", auth); rec.Code != http.StatusOK {
		t.Errorf("/tags status = %d, want 200 with granted scope", rec.Code)
	}
	rec := call(t, s, http.MethodGet, "/admins", "Authorization", auth)
	wantError(t, rec, http.StatusForbidden, "token_unauthorized")
	if rec := call(t, s, http.MethodGet, "/admins"); rec.Code != http.StatusOK {
		t.Errorf("full token status = %d", rec.Code)
	}
}

func TestVersionHeader(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	for _, v := range []string{"", "2.16", "2.11", "1.0", "Unstable"} {
		if rec := call(t, s, http.MethodGet, "/tags", "Intercom-Version", v); rec.Code != http.StatusOK {
			t.Errorf("version %q: status %d", v, rec.Code)
		}
	}
	for _, v := range []string{"9.99", "2.17", "latest"} {
		rec := call(t, s, http.MethodGet, "/tags", "Intercom-Version", v)
		wantError(t, rec, http.StatusBadRequest, "intercom_version_invalid")
	}
}

func TestUnknownPathAndMethodAreNotFound(t *testing.T) {
	t.Parallel()
	s := New(Options{Seed: 1})
	for _, tc := range []struct{ method, target string }{
		{http.MethodGet, "/nope"}, {http.MethodGet, "/admins/extra"},
		{http.MethodPost, "/admins"}, {http.MethodDelete, "/tags"},
	} {
		rec := call(t, s, tc.method, tc.target)
		body := wantError(t, rec, http.StatusNotFound, "not_found")
		if msg := items(t, body, "errors")[0]["message"]; msg != "Resource Not Found" {
			t.Errorf("%s %s: message %v", tc.method, tc.target, msg)
		}
	}
}
