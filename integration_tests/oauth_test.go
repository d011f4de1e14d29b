package integration_tests

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
)

// TestDeclarativeOAuthAgainstFake runs the OAuth flow the way Airbyte's
// declarative OAuth does it from the advanced_auth the connector's spec
// declares: render the consent URL, follow the consent to the redirect,
// render the access-token URL with the code, POST it, extract the declared
// outputs, place them in the config at path_in_connector_config, and
// check the resulting config. Intercom's hosts are pointed at the fake.
func TestDeclarativeOAuthAgainstFake(t *testing.T) {
	t.Parallel()
	_, base := fake(t, fakeintercom.Options{Seed: 3, Size: fakeintercom.Tiny})
	spec := onlyOf(t, connector(t, nil, "spec").msgs, "SPEC")["spec"].(map[string]any)
	oauth := spec["advanced_auth"].(map[string]any)["oauth_config_specification"].(map[string]any)
	in, ok := oauth["oauth_connector_input_specification"].(map[string]any)
	if !ok {
		t.Fatal("advanced_auth has no oauth_connector_input_specification: Airbyte cannot run OAuth for this image")
	}
	const redirect, state = "https://airbyte.example/auth_flow?x=1", "st4te-9f"
	vars := map[string]string{
		"client_id_key": "client_id", "client_id_value": "fake-client-id",
		"client_secret_key": "client_secret", "client_secret_value": "fake-client-secret",
		"redirect_uri_key": "redirect_uri", "redirect_uri_value": redirect,
		"state_key": "state", "state_value": state,
		"auth_code_key": "code",
	}
	consent := renderOAuthTemplate(t, in["consent_url"].(string), vars)
	if !strings.HasPrefix(consent, "https://app.intercom.com/a/oauth/connect?") {
		t.Errorf("consent URL %s is not Intercom's", consent)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(onFake(t, consent, base))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil {
		t.Fatalf("consent answered %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if got := back.Scheme + "://" + back.Host + back.Path; got != "https://airbyte.example/auth_flow" || back.Query().Get("x") != "1" {
		t.Errorf("consent redirected to %s, want the redirect_uri", back)
	}
	if back.Query().Get("state") != state || back.Query().Get("code") == "" {
		t.Fatalf("redirect %s lacks the state or a code", back)
	}
	vars["auth_code_value"] = back.Query().Get("code")
	tokenURL := renderOAuthTemplate(t, in["access_token_url"].(string), vars)
	if !strings.HasPrefix(tokenURL, "https://api.intercom.io/auth/eagle/token?") {
		t.Errorf("access token URL %s is not Intercom's", tokenURL)
	}
	resp, err = http.Post(onFake(t, tokenURL, base), "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	err = json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || err != nil {
		t.Fatalf("token exchange answered %d (%v)", resp.StatusCode, err)
	}
	// Complete the config the way the platform does.
	cfg := map[string]any{"start_date": "2015-01-01T00:00:00Z", "api_url": base}
	paths := oauth["complete_oauth_output_specification"].(map[string]any)["properties"].(map[string]any)
	for _, name := range in["extract_output"].([]any) {
		v, ok := out[name.(string)]
		if !ok {
			t.Fatalf("token answer %v lacks %s", out, name)
		}
		p := paths[name.(string)].(map[string]any)["path_in_connector_config"].([]any)
		if len(p) != 1 {
			t.Fatalf("path_in_connector_config %v: want a top-level field", p)
		}
		cfg[p[0].(string)] = v
	}
	if cfg["access_token"] != token {
		t.Fatalf("OAuth put %v in access_token, want the workspace's token", cfg["access_token"])
	}
	status := onlyOf(t, connector(t, map[string]any{"config": cfg}, "check").msgs, "CONNECTION_STATUS")
	if s := status["connectionStatus"].(map[string]any)["status"]; s != "SUCCEEDED" {
		t.Errorf("check with the OAuth token: %v", status)
	}
	// A code is good once.
	resp, err = http.Post(onFake(t, tokenURL, base), "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Error("the fake traded the same code twice")
	}
}

// renderOAuthTemplate interpolates the placeholders of Airbyte's
// declarative OAuth: {{ name }} and {{ {{name}} | urlEncoder }}.
func renderOAuthTemplate(t *testing.T, tmpl string, vars map[string]string) string {
	t.Helper()
	lookup := func(name string) string {
		v, ok := vars[name]
		if !ok {
			t.Fatalf("template %s uses %s, which Airbyte does not provide here", tmpl, name)
		}
		return v
	}
	encoded := regexp.MustCompile(`\{\{\s*\{\{\s*(\w+)\s*\}\}\s*\|\s*urlEncoder\s*\}\}`)
	tmpl = encoded.ReplaceAllStringFunc(tmpl, func(m string) string {
		return url.QueryEscape(lookup(encoded.FindStringSubmatch(m)[1]))
	})
	plain := regexp.MustCompile(`\{\{\s*(\w+)\s*\}\}`)
	return plain.ReplaceAllStringFunc(tmpl, func(m string) string { return lookup(plain.FindStringSubmatch(m)[1]) })
}

// onFake moves an Intercom URL onto the fake's address, keeping path and query.
func onFake(t *testing.T, raw, base string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := url.Parse(base)
	u.Scheme, u.Host = b.Scheme, b.Host
	return u.String()
}
