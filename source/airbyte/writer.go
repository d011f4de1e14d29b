package airbyte

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Writer owns stdout: every Airbyte message goes through it, one JSON object
// per line. It is safe for concurrent use. Output is buffered and flushed at
// each STATE (so a checkpoint never reaches the platform before the records it
// covers), at each STREAM_STATUS and ERROR trace (so the platform learns at
// once that a stream ended), at least every second while FlushEvery runs (so
// nothing waits in the buffer while streams are slow), and by Flush, which
// the command calls at exit.
//
// Writer counts records per stream and stamps the count since the previous
// STATE of that stream into sourceStats.recordCount, so the count is right by
// construction. Secrets registered with Redact never appear in LOG or TRACE
// text.
type Writer struct {
	mu      sync.Mutex
	buf     *bufio.Writer
	now     func() time.Time
	counts  map[string]int
	secrets []string
	names   map[string][]byte // JSON-quoted stream names, cached for the record hot path
	scratch bytes.Buffer
	err     error
	ticker  func(time.Duration) (<-chan time.Time, func())
	// badUTF8 counts, per stream, records whose invalid UTF-8 was replaced
	// since the stream's last WARN about it.
	badUTF8 map[string]int
}

// WriterOption configures a Writer.
type WriterOption func(*Writer)

// WithClock sets the clock used for emitted_at; tests inject a fixed one.
func WithClock(now func() time.Time) WriterOption { return func(w *Writer) { w.now = now } }

// WithTicker sets how FlushEvery ticks; tests inject a channel they drive.
func WithTicker(tick func(time.Duration) (<-chan time.Time, func())) WriterOption {
	return func(w *Writer) { w.ticker = tick }
}

func realTicker(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

// NewWriter returns a Writer on out.
func NewWriter(out io.Writer, opts ...WriterOption) *Writer {
	w := &Writer{
		buf:     bufio.NewWriterSize(out, 256<<10),
		now:     time.Now,
		counts:  map[string]int{},
		names:   map[string][]byte{},
		ticker:  realTicker,
		badUTF8: map[string]int{},
	}
	for _, o := range opts {
		o(w)
	}
	return w
}

// Redact registers secrets to be masked in every later LOG and TRACE text,
// in the forms a server may echo them: as given, trimmed (as sent in a
// header, "Bearer <token>" included), URL-escaped and JSON-escaped (with
// and without "\/").
func (w *Writer) Redact(secrets ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, s := range secrets {
		t := strings.TrimSpace(s)
		quoted, _ := json.Marshal(t)
		inJSON := string(quoted[1 : len(quoted)-1])
		for _, form := range []string{s, t, url.QueryEscape(t), inJSON, strings.ReplaceAll(inJSON, "/", `\/`)} {
			if len(strings.TrimSpace(form)) >= 4 && !slices.Contains(w.secrets, form) {
				w.secrets = append(w.secrets, form)
			}
		}
	}
}

func (w *Writer) redact(s string) string {
	for _, sec := range w.secrets {
		s = strings.ReplaceAll(s, sec, "****")
	}
	return s
}

// Record writes one RECORD. data must be one JSON object; it is compacted if
// it spans several lines, otherwise copied as is.
func (w *Writer) Record(stream string, data json.RawMessage) error {
	return w.RecordWith(stream, data, nil)
}

// RecordWith writes one RECORD with extra, one or more `"field":value`
// pairs separated by commas, added to data's top level, without copying
// data (extra's fields must not be in data already).
func (w *Writer) RecordWith(stream string, data json.RawMessage, extra []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	name, ok := w.names[stream]
	if !ok {
		name, _ = json.Marshal(stream)
		w.names[stream] = name
	}
	if bytes.IndexByte(data, '\n') >= 0 || bytes.IndexByte(data, '\r') >= 0 {
		w.scratch.Reset()
		if err := json.Compact(&w.scratch, data); err != nil {
			return fmt.Errorf("record of %s is not valid JSON: %w", stream, err)
		}
		data = w.scratch.Bytes()
	}
	if !utf8.Valid(data) {
		// Strict readers of stdout refuse invalid UTF-8; JSON stays valid
		// with U+FFFD in place of the bad bytes (as encoding/json does).
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
		w.badUTF8[stream]++
	}
	b := w.buf
	b.WriteString(`{"type":"RECORD","record":{"stream":`)
	b.Write(name)
	b.WriteString(`,"data":`)
	if len(extra) > 0 && len(data) > 1 && data[0] == '{' {
		b.WriteByte('{')
		b.Write(extra)
		if rest := bytes.TrimLeft(data[1:], " \t"); len(rest) > 0 && rest[0] != '}' {
			b.WriteByte(',')
		}
		b.Write(data[1:])
	} else {
		b.Write(data)
	}
	b.WriteString(`,"emitted_at":`)
	var num [20]byte
	b.Write(strconv.AppendInt(num[:0], w.now().UnixMilli(), 10))
	_, err := b.WriteString("}}\n")
	w.counts[stream]++
	w.err = err
	return err
}

// State writes a STREAM state for stream with the number of records written
// for it since its previous state, then flushes.
func (w *Writer) State(stream string, state json.RawMessage) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := w.counts[stream]
	w.counts[stream] = 0
	w.warnUTF8Locked(stream)
	w.writeLocked(&Message{Type: TypeState, State: &State{
		Type:        "STREAM",
		Stream:      &StreamState{StreamDescriptor: StreamDescriptor{Name: stream}, StreamState: state},
		SourceStats: &Stats{RecordCount: float64(n)},
	}})
	return w.flushLocked()
}

// Log writes a LOG message.
func (w *Writer) Log(level, msg string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.writeLocked(&Message{Type: TypeLog, Log: &Log{Level: level, Message: w.redact(msg)}})
}

// Logf writes a formatted LOG message.
func (w *Writer) Logf(level, format string, args ...any) error {
	return w.Log(level, fmt.Sprintf(format, args...))
}

// Error writes an ERROR trace; stream may be empty for a sync-wide error.
func (w *Writer) Error(ft FailureType, stream, msg, internal, stack string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	te := &TraceError{Message: w.redact(msg), InternalMessage: w.redact(internal), StackTrace: w.redact(stack), FailureType: ft}
	if stream != "" {
		te.StreamDescriptor = &StreamDescriptor{Name: stream}
	}
	if err := w.writeLocked(&Message{Type: TypeTrace, Trace: &Trace{Type: "ERROR", EmittedAt: w.millis(), Error: te}}); err != nil {
		return err
	}
	return w.flushLocked()
}

// StreamStatus writes a STREAM_STATUS trace.
func (w *Writer) StreamStatus(stream string, st StreamStatus) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.writeLocked(&Message{Type: TypeTrace, Trace: &Trace{Type: "STREAM_STATUS", EmittedAt: w.millis(),
		StreamStatus: &StreamStatusTrace{StreamDescriptor: StreamDescriptor{Name: stream}, Status: st}}}); err != nil {
		return err
	}
	return w.flushLocked()
}

// Estimate writes an ESTIMATE trace of the rows a stream will emit.
func (w *Writer) Estimate(stream string, rows int64) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.writeLocked(&Message{Type: TypeTrace, Trace: &Trace{Type: "ESTIMATE", EmittedAt: w.millis(),
		Estimate: &Estimate{Name: stream, Type: "STREAM", RowEstimate: rows}}})
}

// Spec writes a SPEC message.
func (w *Writer) Spec(spec json.RawMessage) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.writeLocked(&Message{Type: TypeSpec, Spec: spec})
}

// Catalog writes a CATALOG message.
func (w *Writer) Catalog(c *Catalog) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.writeLocked(&Message{Type: TypeCatalog, Catalog: c})
}

// ConnectionStatus writes the answer of check.
func (w *Writer) ConnectionStatus(ok bool, msg string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	st := &ConnectionStatus{Status: "SUCCEEDED"}
	if !ok {
		st = &ConnectionStatus{Status: "FAILED", Message: w.redact(msg)}
	}
	return w.writeLocked(&Message{Type: TypeConnectionStatus, ConnectionStatus: st})
}

// FlushEvery flushes pending output every d until stop is called; stop
// returns once the flushing has ended.
func (w *Writer) FlushEvery(d time.Duration) (stop func()) {
	tick, stopTick := w.ticker(d)
	done, ended := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ended)
		for {
			select {
			case <-tick:
				w.mu.Lock()
				if w.buf.Buffered() > 0 {
					w.flushLocked()
				}
				w.mu.Unlock()
			case <-done:
				return
			}
		}
	}()
	return func() {
		stopTick()
		close(done)
		<-ended
	}
}

// Flush writes buffered output through, after the WARNs still owed about
// invalid UTF-8.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	streams := make([]string, 0, len(w.badUTF8))
	for s := range w.badUTF8 {
		streams = append(streams, s)
	}
	slices.Sort(streams)
	for _, s := range streams {
		w.warnUTF8Locked(s)
	}
	return w.flushLocked()
}

// warnUTF8Locked says how many records of stream had invalid UTF-8 replaced.
func (w *Writer) warnUTF8Locked(stream string) {
	n := w.badUTF8[stream]
	if n == 0 {
		return
	}
	delete(w.badUTF8, stream)
	w.writeLocked(&Message{Type: TypeLog, Log: &Log{Level: LevelWarn, Message: fmt.Sprintf(
		"%d records of %s held invalid UTF-8 from the API; the invalid bytes were replaced with U+FFFD.", n, stream)}})
}

func (w *Writer) flushLocked() error {
	if w.err != nil {
		return w.err
	}
	w.err = w.buf.Flush()
	return w.err
}

func (w *Writer) millis() float64 { return float64(w.now().UnixMilli()) }

func (w *Writer) writeLocked(m *Message) error {
	if w.err != nil {
		return w.err
	}
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode %s message: %w", m.Type, err)
	}
	b = append(b, '\n')
	_, w.err = w.buf.Write(b)
	return w.err
}
