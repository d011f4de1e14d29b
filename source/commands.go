package source

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/intercom-connector/source-intercom/internal/intercom"
	"github.com/intercom-connector/source-intercom/source/airbyte"
	"github.com/intercom-connector/source-intercom/source/config"
	"github.com/intercom-connector/source-intercom/source/engine"
	"github.com/intercom-connector/source-intercom/source/streams"
)

func runSpec(_ context.Context, _ Deps, w *airbyte.Writer, _ flags) int {
	b, err := config.Spec()
	if err != nil {
		return fail(w, &engine.Failure{Type: airbyte.SystemError, Message: "cannot build the specification", Err: err})
	}
	w.Spec(compact(b))
	return 0
}

// runCheck answers SUCCEEDED or FAILED, exit 0 either way, as the protocol
// asks: a failed check is an answer, not a crash.
func runCheck(ctx context.Context, d Deps, w *airbyte.Writer, f flags) int {
	cfg, err := loadConfig(d, w, f.config)
	if err != nil {
		w.ConnectionStatus(false, err.Error())
		return 0
	}
	w.Redact(cfg.Secrets()...)
	if err := startInThePast(cfg, d.Now()); err != nil {
		w.ConnectionStatus(false, err.Error())
		return 0
	}
	// A check answers within seconds: few, short retries.
	c, err := newClient(d, w, cfg, nil, intercom.RetryOptions{MaxRetries: 2, MaxWait: 3 * time.Second, Timeout: 20 * time.Second})
	if err != nil {
		w.ConnectionStatus(false, err.Error())
		return 0
	}
	me, err := c.Me(ctx)
	if err != nil {
		w.ConnectionStatus(false, engine.Classify(err, cfg).Message)
		return 0
	}
	w.Logf(airbyte.LevelInfo, "Connected to Intercom workspace %q (app %s, timezone %s) as %s.", me.App.Name, me.App.IDCode, me.App.Timezone, me.Email)
	w.ConnectionStatus(true, "")
	return 0
}

// runDiscover describes every stream. It reads the workspace's attribute
// definitions (one request per stream that has attributes) to declare
// each custom attribute with its type, so it needs Intercom: without it,
// an ERROR trace says who must act.
func runDiscover(ctx context.Context, d Deps, w *airbyte.Writer, f flags) int {
	cfg, err := loadConfig(d, w, f.config)
	if err != nil {
		return fail(w, engine.ConfigFailure(err))
	}
	w.Redact(cfg.Secrets()...)
	// A few short retries: discover is interactive in Airbyte's UI.
	c, err := newClient(d, w, cfg, nil, intercom.RetryOptions{MaxRetries: 3, MaxWait: 5 * time.Second, Timeout: 30 * time.Second})
	if err != nil {
		return fail(w, engine.ConfigFailure(err))
	}
	attrs, err := readCustomAttributes(ctx, c, func(msg string) { w.Log(airbyte.LevelWarn, msg) })
	if err != nil {
		return fail(w, discoverFailure(err, engine.Classify(err, cfg)))
	}
	cat, err := Catalog(cfg.IntercomVersion, attrs, cfg.CustomAttributesAsColumns)
	if err != nil {
		return fail(w, &engine.Failure{Type: airbyte.SystemError, Message: "cannot build the catalog", Err: err})
	}
	w.Catalog(cat)
	return 0
}

func runRead(ctx context.Context, d Deps, w *airbyte.Writer, f flags) int {
	cfg, err := loadConfig(d, w, f.config)
	if err != nil {
		return fail(w, engine.ConfigFailure(err))
	}
	w.Redact(cfg.Secrets()...)
	b, err := d.ReadFile(f.catalog)
	if err != nil {
		return fail(w, engine.ConfigFailure(fmt.Errorf("cannot read catalog file: %w", unwrapPath(err))))
	}
	cat, err := airbyte.ParseConfiguredCatalog(b)
	if err != nil {
		return fail(w, engine.ConfigFailure(err))
	}
	states := map[string]json.RawMessage{}
	if f.state != "" {
		b, err := d.ReadFile(f.state)
		if err != nil {
			return fail(w, engine.ConfigFailure(fmt.Errorf("cannot read state file: %w", unwrapPath(err))))
		}
		if states, err = airbyte.ParseState(b); err != nil {
			return fail(w, engine.ConfigFailure(err))
		}
	}
	if err := startInThePast(cfg, d.Now()); err != nil {
		return fail(w, engine.ConfigFailure(err))
	}
	jobs, err := engine.Plan(streams.All(), cat, states)
	if err != nil {
		return fail(w, engine.ConfigFailure(err))
	}
	warnings, err := engine.CopyColumns(jobs, cat, attributeObjects, cfg.CustomAttributesAsColumns)
	if err != nil {
		return fail(w, engine.ConfigFailure(err))
	}
	for _, msg := range warnings {
		w.Log(airbyte.LevelWarn, msg)
	}
	gov := intercom.NewGovernor(intercom.GovernorOptions{Concurrency: cfg.NumWorkers, PerMinute: cfg.APIRateLimit, Now: d.Now, Wait: d.Wait})
	c, err := newClient(d, w, cfg, gov, intercom.RetryOptions{MaxBodyBytes: cfg.BodyCap()})
	if err != nil {
		return fail(w, engine.ConfigFailure(err))
	}
	env := &engine.Env{Client: c, Config: cfg, Workers: cfg.Concurrency(),
		Log:       func(level, msg string) { w.Log(level, msg) },
		Estimator: func(stream string, rows int64) { w.Estimate(stream, rows) },
		Clock:     d.Now,
		Scroll:    intercom.ScrollOptions{Wait: d.Wait},
	}
	failed := engine.Read(ctx, w, env, jobs, gov.Stats, d.ProgressTicks)
	if len(failed) == 0 {
		return 0
	}
	names := make([]string, len(failed))
	for i, sf := range failed {
		names[i] = sf.Stream
	}
	w.Error(failed[0].Failure.Type, "", fmt.Sprintf("%d of %d streams did not sync completely: %s. Their errors are reported above; completed streams were checkpointed.",
		len(failed), len(jobs), strings.Join(names, ", ")), "", "")
	return 1
}

// newClient builds the Intercom client for cfg with retries and logging.
func newClient(d Deps, w *airbyte.Writer, cfg *config.Config, gov *intercom.Governor, ro intercom.RetryOptions) (*intercom.Client, error) {
	hc := d.HTTPClient
	if hc == nil {
		ro.Now, ro.Governor, ro.Wait = d.Now, gov, d.Wait
		ro.Log = func(level, msg string) { w.Log(level, msg) }
		hc = intercom.NewHTTPClient(ro)
	}
	return intercom.New(cfg.AccessToken,
		intercom.WithBaseURL(cfg.BaseURL()),
		intercom.WithHTTPClient(hc),
		intercom.WithUserAgent("source-intercom/"+d.Version),
		intercom.WithVersion(cfg.IntercomVersion),
	)
}

// startInThePast refuses a start_date in the future: a read would emit
// nothing and checkpoint there, and the next read, once corrected, would
// find a state ahead of every record.
func startInThePast(cfg *config.Config, now time.Time) error {
	if cfg.StartTime().After(now) {
		return &config.FieldError{Field: "start_date", Problem: fmt.Sprintf("%q is in the future; records updated before it are not replicated, so nothing would be", cfg.StartDate),
			Example: `"2024-01-01T00:00:00Z"`}
	}
	return nil
}
