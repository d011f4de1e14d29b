package fakeintercom

import (
	"bytes"
	"net"
	"net/http"
	"strconv"
)

// resetConnection drops the client's connection with a TCP RST, before any
// answer. Where the connection cannot be taken over (HTTP/2, a recorder),
// the handler aborts, which closes the stream without an answer.
func resetConnection(sw *statusWriter) {
	conn, _, err := http.NewResponseController(sw.ResponseWriter).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// cutShort sends the first half of an answer's body, announced at its full
// length, then closes the connection.
type cutShort struct {
	http.ResponseWriter
	status int
	done   bool
}

func (c *cutShort) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}

func (c *cutShort) Write(b []byte) (int, error) {
	if c.done {
		return len(b), nil
	}
	c.done = true
	if c.status == 0 {
		c.status = http.StatusOK
	}
	c.Header().Set("Content-Length", strconv.Itoa(len(b)))
	c.ResponseWriter.WriteHeader(c.status)
	_, _ = c.ResponseWriter.Write(b[:len(b)/2])
	rc := http.NewResponseController(c.ResponseWriter)
	_ = rc.Flush()
	if conn, _, err := rc.Hijack(); err == nil {
		_ = conn.Close()
	}
	return len(b), nil
}

// hugeBody streams a well-formed JSON list of about n bytes, or less if
// the client hangs up first, without holding it in memory.
func hugeBody(w http.ResponseWriter, n int64) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	item := []byte(`{"type":"filler","id":"0","padding":"` + string(bytes.Repeat([]byte("x"), 200)) + `"},`)
	chunk := bytes.Repeat(item, (64<<10)/len(item))
	if _, err := w.Write([]byte(`{"type":"list","data":[`)); err != nil {
		return
	}
	for sent := int64(0); sent < n; sent += int64(len(chunk)) {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
	_, _ = w.Write([]byte(`{"type":"filler","id":"0"}]}`))
}
