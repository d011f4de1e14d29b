package engine

import (
	"context"
	"fmt"
	"testing"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
)

func TestClassify(t *testing.T) {
	api := func(code int, name string) error {
		return &intercom.APIError{Method: "GET", Path: "/x", StatusCode: code, Code: name}
	}
	cases := []struct {
		err  error
		want airbyte.FailureType
	}{
		{api(401, "unauthorized"), airbyte.ConfigError},
		{api(403, "token_unauthorized"), airbyte.ConfigError},
		{api(503, "service_unavailable"), airbyte.TransientError},
		{api(429, "rate_limit_exceeded"), airbyte.TransientError},
		{api(400, "parameter_invalid"), airbyte.SystemError},
		{&intercom.RequestError{Method: "GET", Path: "/x", Err: fmt.Errorf("connection refused")}, airbyte.TransientError},
		{&intercom.RequestError{Method: "GET", Path: "/x", Err: fmt.Errorf("%w: more than 5 bytes", intercom.ErrBodyTooLarge)}, airbyte.SystemError},
		{&intercom.DecodeError{Path: "/x", Err: fmt.Errorf("bad")}, airbyte.SystemError},
		{fmt.Errorf("%w: 4 times, giving up: %w", intercom.ErrScrollFailed, api(404, "not_found")), airbyte.TransientError},
		{fmt.Errorf("%w: still busy: %w", intercom.ErrScrollBusy, api(400, "scroll_exists")), airbyte.TransientError},
		{context.Canceled, airbyte.TransientError},
		{&intercom.NoProgressError{Path: "/contacts/search", Reason: "repeated cursor"}, airbyte.SystemError},
		{&intercom.RequestError{Method: "GET", Path: "/x", Err: fmt.Errorf("%w: /x redirects from https to http://h", intercom.ErrRedirectRefused)}, airbyte.ConfigError},
		{&panicError{value: "boom"}, airbyte.SystemError},
	}
	for _, tc := range cases {
		f := Classify(tc.err, nil)
		if f.Type != tc.want || f.Message == "" {
			t.Errorf("%v: %s %q, want %s", tc.err, f.Type, f.Message, tc.want)
		}
	}
}
