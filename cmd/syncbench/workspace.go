package main

import (
	"net"
	"net/http"
	"os"
	"path/filepath"

	"github.com/intercom-connector/source-intercom/internal/fakeintercom"
)

// bench is a fake workspace served on loopback with a directory holding
// the connector's config and catalog.
type bench struct {
	fake *fakeintercom.Server
	srv  *http.Server
	dir  string
}

// newBench serves a fake with opts and writes a config (with extra fields)
// and catalog for it.
func newBench(opts fakeintercom.Options, extra map[string]any, catalog map[string]any) (*bench, error) {
	opts.Token = "bench-token"
	b := &bench{fake: fakeintercom.New(opts)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b.srv = &http.Server{Handler: b.fake}
	go b.srv.Serve(ln)
	if b.dir, err = os.MkdirTemp("", "syncbench"); err != nil {
		b.close()
		return nil, err
	}
	cfg := map[string]any{"access_token": opts.Token, "start_date": "2015-01-01T00:00:00Z", "api_url": "http://" + ln.Addr().String()}
	for k, v := range extra {
		cfg[k] = v
	}
	if err := writeJSON(b.path("config"), cfg); err != nil {
		b.close()
		return nil, err
	}
	if err := writeJSON(b.path("catalog"), catalog); err != nil {
		b.close()
		return nil, err
	}
	return b, nil
}

// path is the file of one of the read's inputs: config, catalog, state.
func (b *bench) path(name string) string { return filepath.Join(b.dir, name+".json") }

// args are the read command's arguments.
func (b *bench) args(withState bool) []string {
	a := []string{"read", "--config", b.path("config"), "--catalog", b.path("catalog")}
	if withState {
		a = append(a, "--state", b.path("state"))
	}
	return a
}

func (b *bench) close() {
	b.srv.Close()
	if b.dir != "" {
		os.RemoveAll(b.dir)
	}
}
